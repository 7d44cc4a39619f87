using System.Globalization;
using DeployMatrix.Containers;
using DeployMatrix.Matrix;

namespace DeployMatrix.Outcomes;

/// <summary>
/// The limits a hardened container sets (<see cref="ContainerLimits"/>, and what it takes away: capabilities, the
/// network, writes to the binary's directory, or to the whole root) and how a run shows it met one: the engine's flags for memory, the timeout and the
/// output, else the error the kernel gave the program, in the C library's words as the program printed them. The
/// order is the order snapshots list them in.
/// </summary>
internal static class LimitTexts
{
    public static IReadOnlyList<LimitRule> Rules { get; } =
    [
        new("memory", (evidence, _) => evidence.Result.OutOfMemory,
            (limits, _) => $"memory ({Size(limits.MemoryBytes)}): killed by the kernel's out-of-memory killer"),
        new("timeout", (evidence, _) => evidence.Result.TimedOut,
            (_, evidence) => $"timeout ({Seconds(evidence.Timeout)}): still running at the deadline, killed with SIGKILL"),
        new("output", (evidence, _) => evidence.Result.StdoutTruncated || evidence.Result.StderrTruncated,
            (limits, evidence) => $"output ({Size(limits.OutputBytes)} per stream): {CutStreams(evidence.Result)} cut, the rest dropped"),
        // ENOSPC: in a scratch directory when the line names one (or nothing else takes writes), else in the root.
        new("scratch", LimitRule.Printed(NoSpace, line: (line, limits) => NamesScratch(line, limits) || limits.Root == RootFileSystem.ReadOnly),
            (limits, _) => $"scratch {Directories(limits)} ({Size(limits.ScratchBytes)}): full"),
        new("root-size", LimitRule.Printed(NoSpace, line: (line, limits) => !NamesScratch(line, limits) && limits.Root == RootFileSystem.Writable),
            (limits, _) => $"root file system ({Size(limits.RootBytes)} of writes): full"),
        new("root", LimitRule.Printed("Read-only file system"),
            (limits, _) => limits.Root == RootFileSystem.ReadOnly
                ? $"read-only root file system, writable only in {Directories(limits)}"
                : $"read-only: the binary's directory {MatrixCell.BinaryDirectory} and the kernel's /proc and /sys; the rest of the root file system is writable"),
        // EMFILE: glibc says "Too many open files", musl "No file descriptors available".
        new("open-files", LimitRule.Printed("Too many open files|No file descriptors available"),
            (limits, _) => Invariant($"open files ({limits.OpenFiles}): no file descriptor left")),
        // EAGAIN from a call that makes a process or thread; from a read or write it only means "not yet".
        new("processes", LimitRule.Printed("Resource temporarily unavailable", call: "fork|vfork|clone3?|pthread_create|posix_spawnp?"),
            (limits, _) => Invariant($"processes ({limits.Processes}): fork refused at the container's process limit")),
        new("capabilities", LimitRule.Printed("Operation not permitted"),
            (_, _) => "capabilities: all dropped, the kernel refused a privileged call"),
        // ENETUNREACH: glibc says "Network is unreachable", musl "Network unreachable".
        new("network", LimitRule.Printed("Network is unreachable|Network unreachable"),
            (_, _) => "network: none, the container has only its loopback interface"),
    ];

    private const string NoSpace = "No space left on device";

    private static bool NamesScratch(string line, ContainerLimits limits) =>
        limits.Writable.Any(directory => line.Contains(directory + "/", StringComparison.Ordinal));

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => Invariant($"{bytes >> 30} GiB"),
        >= 1L << 20 when bytes % (1L << 20) == 0 => Invariant($"{bytes >> 20} MiB"),
        >= 1L << 10 when bytes % (1L << 10) == 0 => Invariant($"{bytes >> 10} KiB"),
        _ => Invariant($"{bytes} bytes"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan timeout) => Invariant($"{timeout.TotalSeconds:0.###} s");

    private static string Directories(ContainerLimits limits) => string.Join(", ", limits.Writable);

    private static string CutStreams(ContainerResult result) => (result.StdoutTruncated, result.StderrTruncated) switch
    {
        (true, true) => "stdout and stderr",
        (true, false) => "stdout",
        _ => "stderr",
    };
}
