using System.ComponentModel;
using System.Diagnostics;

namespace DeployMatrix.Platforms;

/// <summary>
/// Measures how this host runs a platform's binaries by executing that platform's <see cref="ProbeElf"/> and asking
/// the kernel which program it really started (<c>/proc/PID/exe</c>): the probe itself, or an emulator.
/// </summary>
internal static class ExecutionProbe
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    /// <param name="platform">The platform measured.</param>
    /// <param name="program">Its probe; a test may pass another.</param>
    /// <param name="binfmt">Where to read the entry that claimed it, to name it.</param>
    public static PlatformExecution Run(Platform platform, byte[] program, BinfmtMisc binfmt)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(binfmt);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Probing how binaries run needs a Linux kernel.");
        }

        var directory = Directory.CreateTempSubdirectory("deploymatrix-probe-");
        try
        {
            var path = Path.Combine(directory.FullName, $"probe-{platform.Slug}");
            File.WriteAllBytes(path, program);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return Execute(platform, path, binfmt.Claiming(program));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static PlatformExecution Execute(Platform platform, string path, BinfmtEntry? entry)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(path) { RedirectStandardInput = true, UseShellExecute = false })
                      ?? throw new InvalidOperationException($"{path} did not start.");
        }
        catch (Win32Exception e)
        {
            return new PlatformExecution(platform, ExecutionMode.Refused, null, entry, $"the kernel refuses its binaries: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.NativeErrorCode)}");
        }

        using (process)
        {
            // The probe waits on stdin: what the kernel started is looked at before it is let go.
            var started = ExecutablePath(process.Id);
            process.StandardInput.Write('x');
            process.StandardInput.Close();
            if (!process.WaitForExit(ExitTimeout))
            {
                process.Kill();
                return new PlatformExecution(platform, ExecutionMode.Refused, started, entry,
                    $"its probe started ({started}) but did not end within {ExitTimeout.TotalSeconds} s: the emulator does not work");
            }

            if (process.ExitCode != 0)
            {
                return new PlatformExecution(platform, ExecutionMode.Refused, started, entry,
                    $"its probe started ({started}) but exited {process.ExitCode}: the emulator does not work");
            }

            // Where /proc cannot tell, the entry that claims the probe does: binfmt_misc comes before the ELF loader.
            var emulator = started is null ? entry?.Interpreter : started == path ? null : started;
            return emulator is null
                ? new PlatformExecution(platform, ExecutionMode.Native, null, null, "the kernel runs its binaries itself")
                : new PlatformExecution(platform, ExecutionMode.Emulated, emulator, entry, "binfmt_misc starts the emulator in their place");
        }
    }

    private static string? ExecutablePath(int processId)
    {
        try
        {
            return new FileInfo($"/proc/{processId}/exe").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
