using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeployMatrix.Containers.Runc;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>
/// The mounts of a session run by a user who is not root: the harness's helper in its keeper role
/// (<c>exec --keep</c>, fixtures/src/exec.c) holds a user namespace mapping this user to its root and a mount
/// namespace in which it makes each mount asked for (a .NET process, having threads, cannot enter a user namespace
/// itself). This process reaches what is mounted there through the keeper's <c>/proc/PID/root</c>; each cell's
/// launcher enters the keeper's namespaces. When the session ends, the keeper reads the end of its input and exits,
/// and every mount of the session goes with its namespace, whatever state the session was in.
/// </summary>
internal sealed class MountKeeper : Mounts, IDisposable
{
    private readonly Process _process;
    private readonly string _view;
    private readonly Lock _requests = new();

    private MountKeeper(Process process)
    {
        _process = process;
        _view = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/root";
    }

    /// <summary>The keeper's process id, whose namespaces each cell's launcher enters (<c>--join</c>).</summary>
    public int ProcessId => _process.Id;

    /// <exception cref="BubblewrapUnavailableException">This kernel or host lets no user namespace be made, with the reason.</exception>
    public static MountKeeper Start(string helper)
    {
        var start = new ProcessStartInfo(helper, "--keep")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new BubblewrapUnavailableException($"{helper} did not start");
        var answer = process.StandardOutput.ReadLine();
        if (answer == "ready")
        {
            return new MountKeeper(process);
        }

        process.WaitForExit();
        process.Dispose();
        throw new BubblewrapUnavailableException(
            $"this user cannot make a user namespace with a mount namespace in it ({answer ?? "no answer"}): see /proc/sys/user/max_user_namespaces, " +
            "and kernel.apparmor_restrict_unprivileged_userns where AppArmor is on");
    }

    public override string View(string path) => path.StartsWith(_view + "/", StringComparison.Ordinal) ? path : _view + path;

    /// <summary>Nothing is mounted any more once the keeper has ended: its namespace went with it.</summary>
    public override void Unmount(string target)
    {
        if (!_process.HasExited)
        {
            Ask(["umount", Inner(target)]);
        }
    }

    public void Dispose()
    {
        lock (_requests)
        {
            _process.StandardInput.Close();
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    protected override void Mount(string? source, string target, string? type, nuint flags, string? data, string what)
    {
        if (Ask(["mount", source ?? "", target, type ?? "", flags.ToString(CultureInfo.InvariantCulture), data ?? ""]) is { } refused)
        {
            throw Refused(what, refused);
        }
    }

    protected override string Inner(string path) => path.StartsWith(_view + "/", StringComparison.Ordinal) ? path[_view.Length..] : path;

    /// <returns>Null when done, else the kernel's reason.</returns>
    private string? Ask(IReadOnlyList<string> fields)
    {
        lock (_requests)
        {
            var request = new StringBuilder();
            foreach (var field in fields)
            {
                request.Append(field).Append('\0');
            }

            _process.StandardInput.Write(request.ToString());
            _process.StandardInput.Flush();
            var answer = _process.StandardOutput.ReadLine()
                         ?? throw new DeployMatrixException($"The session's mount keeper (process {_process.Id.ToString(CultureInfo.InvariantCulture)}) has ended.");
            return answer == "0" ? null : answer.Split(' ', 2)[^1];
        }
    }
}
