using System.Globalization;

namespace DeployMatrix.Outcomes;

/// <summary>A Linux signal, by number (the numbering x86 and arm64 share) and name.</summary>
internal readonly record struct Signal(int Number)
{
    /// <summary>The kernel's real-time signals start here; above 31 there are no fixed names.</summary>
    private const int RealTimeMin = 32;
    private const int Max = 64;

    /// <summary>Docker, like a shell, reports a process killed by signal N as exit status 128 + N.</summary>
    private const int ExitStatusBase = 128;

    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
        "SIGSYS",
    ];

    public static Signal Kill { get; } = new(9);

    public static Signal SegmentationFault { get; } = new(11);

    public string Name => Number switch
    {
        > 0 and < RealTimeMin => Names[Number],
        RealTimeMin => "SIGRTMIN",
        > RealTimeMin and <= Max => string.Create(CultureInfo.InvariantCulture, $"SIGRTMIN+{Number - RealTimeMin}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"SIG{Number}"),
    };

    /// <summary>The signal an exit status of 128 + N stands for, or null when the status is an ordinary exit code.</summary>
    public static Signal? FromExitStatus(int exitStatus) =>
        exitStatus is > ExitStatusBase and <= ExitStatusBase + Max ? new Signal(exitStatus - ExitStatusBase) : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number} ({Name})");
}
