using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.Bubblewrap;

/// <summary>
/// Starts each bundle with bubblewrap instead of runc: the same root over the image's layers, and the engine's own
/// spec turned into bubblewrap's options (<see cref="BubblewrapArguments"/>), its mounts made on the host
/// (<see cref="HostMounts"/>), its seccomp profile compiled for bubblewrap to load (<see cref="SeccompProgram"/>),
/// and its cgroup limits, network sysctls and rlimits applied by the harness's static helper (<see cref="FirstProcess"/>,
/// fixtures/src/exec.c), which launches bubblewrap once it has joined the cgroup, made the network namespace and set
/// them. bubblewrap sets a container up in a few milliseconds where runc takes tens.
/// </summary>
internal sealed class BubblewrapContainerRunner : BundleContainerRunner
{
    private const string Prefix = "bwrap: ";
    private const string PingGroupRange = "net.ipv4.ping_group_range";

    private readonly BundleFactory _bundles;
    private readonly string _bwrap;
    private readonly string _helper;
    private readonly ConcurrentDictionary<string, Lazy<string>> _seccomp = new(StringComparer.Ordinal);

    private BubblewrapContainerRunner(BundleFactory bundles, string bwrap, string helper)
        : base(bundles)
    {
        _bundles = bundles;
        _bwrap = bwrap;
        _helper = helper;
    }

    public override ContainerRuntime Runtime => ContainerRuntime.Bubblewrap;

    /// <exception cref="BubblewrapUnavailableException">bubblewrap is not installed.</exception>
    public static BubblewrapContainerRunner Start(BundleFactory bundles) =>
        new(
            bundles,
            HostTool.Bubblewrap.Find() ?? throw new BubblewrapUnavailableException($"bwrap is not installed (apt-get install {HostTool.Bubblewrap.DebianPackage})"),
            FirstProcess.Find());

    /// <summary>
    /// Also compiles the spec's seccomp profile, turns the spec into options, and starts one container whose first
    /// process runs itself with no program (which it refuses, exit 1): whatever this host does not let bubblewrap do
    /// (cgroups of another layout, a kernel that refuses a namespace) is known before any cell runs, and
    /// <c>auto</c> then uses runc.
    /// </summary>
    public override async Task PrepareAsync(ContainerLimits limits, IReadOnlyList<(string Image, Platform Platform)> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var template = await _bundles.PrepareAsync(limits, images, cancellationToken).ConfigureAwait(false);
        Seccomp(template.Spec);
        BubblewrapArguments.For(template.Spec, "/", Mounts.Here);
        var (image, platform) = images.OrderBy(i => i.Platform == KnownPlatforms.Host() ? 0 : 1).First();
        var probe = await RunAsync(
            new ContainerRequest { Image = image, Platform = platform, Command = [FirstProcess.PathInContainer], Limits = limits, Timeout = TimeSpan.FromSeconds(30) },
            cancellationToken).ConfigureAwait(false);
        if (probe.ExitCode != 1 || !probe.Stderr.StartsWith("usage: exec", StringComparison.Ordinal))
        {
            var said = (probe.StartError ?? probe.Stderr).Trim();
            throw new BubblewrapUnavailableException(
                $"a first container on {image} did not start as it should (exit {probe.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}{(said.Length > 0 ? ": " + said : "")})");
        }
    }

    /// <summary>
    /// Started as root, the spec's cgroup limits hold. As another user, the helper enters the session's namespaces
    /// (<see cref="MountKeeper"/>) and makes the cell a user namespace of its own, where RLIMIT_NPROC counts the cell's
    /// processes alone: the process limit holds that way, memory and CPU do not, with no cgroup of the user's own.
    /// </summary>
    protected override Process Start(RuncBundle bundle, JsonObject spec)
    {
        var session = _bundles.Session;
        FirstProcess.Insert(spec, _helper);
        var seccomp = Seccomp(spec);
        HostMounts.Make(spec, bundle.Root, session.Mounts);
        var resources = WithMonitor(spec["linux"]!["resources"]?.AsObject() ?? []);
        var cgroups = session.IsPrivileged ? Cgroups.Create(bundle.CgroupsPath, resources) : [];
        var sysctls = Sysctls(spec, session.IsPrivileged);
        var rlimits = Rlimits(spec["process"]!["rlimits"]).ToList();
        if (!session.IsPrivileged && resources["pids"]?["limit"] is { } limit)
        {
            // The helper stays in the cell's user namespace as bubblewrap's parent: one more process again.
            var processes = (long)limit + 1;
            rlimits.Add(string.Create(CultureInfo.InvariantCulture, $"RLIMIT_NPROC={processes}:{processes}"));
        }

        string[] join = session.Mounts is MountKeeper keeper ? ["--join", keeper.ProcessId.ToString(CultureInfo.InvariantCulture)] : [];
        var start = new ProcessStartInfo(_helper)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "--launch", .. join, seccomp, Count(cgroups), .. cgroups, Count(sysctls), .. sysctls, Count(rlimits), .. rlimits,
            "--", _bwrap, .. BubblewrapArguments.For(spec, bundle.Root, session.Mounts),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new DeployMatrixException($"{_helper} did not start.");
    }

    /// <summary>bubblewrap starts the program within milliseconds of its own start: there is no setup to wait for.</summary>
    protected override bool ProgramStarted(RuncBundle bundle) => true;

    /// <summary>
    /// Without cgroups, SIGKILL to bubblewrap itself: its program, PID 1 of the cell's namespace, dies with it
    /// (<c>--die-with-parent</c>), and every other process of that namespace with the program.
    /// </summary>
    protected override Task<bool> KillAsync(RuncBundle bundle) =>
        Task.FromResult(_bundles.Session.IsPrivileged ? Cgroups.Kill(bundle.CgroupsPath) : _bundles.Session.KillRun(bundle.Id));

    public override string? NotGiven => _bundles.Session.IsPrivileged ? null : Unprivileged;

    /// <summary>What a cell run by a user who is not root lacks (<see cref="ContainerResult.NotGiven"/>).</summary>
    public const string Unprivileged =
        "run by a user who is not root: no memory or CPU limit (no cgroup of the user's own), the process limit as RLIMIT_NPROC, every file of the root owned by root";

    /// <summary>
    /// bubblewrap's own complaint, when it could not set the container up: it then exits 1 having printed one
    /// <c>bwrap:</c> line and nothing else. That it could not exec the program is the program's verdict (a missing
    /// interpreter, another architecture), which the loader texts read.
    /// </summary>
    protected override string? StartError(RuncBundle bundle, int exitCode, OutputCapture output) =>
        exitCode == 1 && output.Stdout.Length == 0 && output.Stderr.TrimEnd('\n') is var line && !line.Contains('\n')
        && line.StartsWith(Prefix, StringComparison.Ordinal) && !line.StartsWith(Prefix + "execvp ", StringComparison.Ordinal)
            ? line
            : null;

    protected override void RemoveEnded(RuncBundle bundle) => Cgroups.Remove(bundle.CgroupsPath);

    /// <summary>The compiled program for the spec's seccomp profile, once per profile.</summary>
    private string Seccomp(JsonObject spec)
    {
        var profile = spec["linux"]?["seccomp"]?.AsObject()
                      ?? throw new BubblewrapUnavailableException("the engine's spec has no seccomp profile, which the bubblewrap runner expects");
        return _seccomp.GetOrAdd(profile.ToJsonString(), _ => new Lazy<string>(() =>
        {
            var file = Path.Combine(_bundles.Session.Directory, "seccomp-" + _bundles.Session.NextId() + ".bpf");
            SeccompProgram.Compile(profile, file);
            return file;
        })).Value;
    }

    private static string Count<T>(IReadOnlyCollection<T> items) => items.Count.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The spec's sysctls as <c>name=value</c>; only the network namespace's, which the helper makes. In a user
    /// namespace that maps only its root, a group range may name only group 0: the engine's "every group may ping"
    /// then reads <c>0 0</c>, which is every group there is in it.
    /// </summary>
    /// <exception cref="BubblewrapUnavailableException">One belongs to another namespace, or the spec makes no network namespace.</exception>
    private static List<string> Sysctls(JsonObject spec, bool privileged)
    {
        if (!spec["linux"]!["namespaces"]!.AsArray().Any(n => (string?)n!["type"] == "network"))
        {
            throw new BubblewrapUnavailableException("the engine's spec makes no network namespace, and the bubblewrap runner always makes one");
        }

        var sysctls = spec["linux"]!["sysctl"]?.AsObject() ?? [];
        return
        [
            .. sysctls.Select(sysctl => sysctl.Key.StartsWith("net.", StringComparison.Ordinal)
                ? $"{sysctl.Key}={(privileged || sysctl.Key != PingGroupRange ? (string?)sysctl.Value : "0 0")}"
                : throw new BubblewrapUnavailableException($"the engine's spec sets the sysctl {sysctl.Key}, which the bubblewrap runner sets only for the network namespace")),
        ];
    }

    /// <summary>
    /// The spec's limits with room for one more process: bubblewrap's own, which waits outside the container's PID
    /// namespace for the program, is in the cgroup too (runc's is not).
    /// </summary>
    private static JsonObject WithMonitor(JsonObject resources)
    {
        var copy = resources.DeepClone().AsObject();
        if (copy["pids"]?["limit"] is { } limit && (long)limit > 0)
        {
            copy["pids"]!["limit"] = (long)limit + 1;
        }

        return copy;
    }

    /// <summary>The spec's rlimits as the helper takes them: <c>RLIMIT_NOFILE=soft:hard</c>.</summary>
    private static IEnumerable<string> Rlimits(JsonNode? rlimits) =>
        (rlimits?.AsArray() ?? []).Select(r => r!.AsObject()).Select(r => string.Create(
            CultureInfo.InvariantCulture, $"{(string)r["type"]!}={(ulong)r["soft"]!}:{(ulong)r["hard"]!}"));
}
