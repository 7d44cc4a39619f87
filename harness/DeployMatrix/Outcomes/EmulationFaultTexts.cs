using System.Text.RegularExpressions;

namespace DeployMatrix.Outcomes;

/// <summary>
/// Lines that show an emulator failing a program rather than the program failing: printed by qemu-user itself, or
/// by a language runtime confused by it. A run under emulation that ends with one of them, while the binary is
/// predicted to start, is <see cref="Verdict.InconclusiveUnderEmulation"/>.
/// </summary>
internal static class EmulationFaultTexts
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Each with what printed it: the same line from the program on a real machine would be a bug of its own.</summary>
    public static IReadOnlyList<(string Printer, Regex Line)> Rules { get; } =
    [
        ("qemu-user: the program died of a signal under it", Line(@"^qemu: uncaught target signal \d+ \(.*\)( - core dumped)?$")),
        ("qemu-user: an instruction or trap it does not emulate", Line(@"^qemu: unhandled CPU exception 0x[0-9a-f]+ - aborting$")),
        ("qemu-user: a system call it does not emulate", Line(@"^qemu: Unsupported syscall: \d+$")),
        ("qemu-user: an assertion of its own", Line(@"^(?:[\w.-]+-binfmt-P|qemu-[\w.-]+): .*[Aa]ssertion .* failed")),
        // Go's runtime under qemu-i386 and qemu-aarch64 (seen here with esbuild from npm, a different one each run).
        ("Go runtime: stack switch confused by qemu-user", Line(@"^fatal(?: error)?: morestack on (?:gsignal|g0)$")),
        ("Go runtime: signal on a goroutine qemu-user did not set up", Line(@"^fatal: bad g in signal handler$")),
        ("Go runtime: a crash by a signal, reported and exit 2", Line(@"^SIG[A-Z]+: [a-z /-]+$")),
    ];

    /// <summary>The first line of <paramref name="stderr"/> that shows an emulator fault, or null.</summary>
    public static string? Find(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (var line in stderr.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (Rules.Any(rule => rule.Line.IsMatch(line)))
            {
                return line;
            }
        }

        return null;
    }

    private static Regex Line(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);
}
