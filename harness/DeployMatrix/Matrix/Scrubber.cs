using System.Text.RegularExpressions;

namespace DeployMatrix.Matrix;

/// <summary>
/// Replaces what differs from run to run in a program's output, so that two runs of the same cell give the same
/// snapshot: the built-in rules, each saying what it hides and why, then a matrix's own (<c>scrubbers:</c> of the
/// matrix, the binary and the case).
/// </summary>
/// <param name="Name">What the rule hides, or where a matrix set it (<c>binaries[2].scrubbers[0]</c>).</param>
internal sealed partial record Scrubber(string Name, Regex Pattern, string Replacement)
{
    /// <summary>The built-in rules, applied to every snapshot before a matrix's own, in order.</summary>
    public static readonly IReadOnlyList<Scrubber> BuiltIn =
    [
        // mktemp-style names under /tmp and /var/tmp carry random suffixes.
        new("temporary path", TemporaryPath(), "<temp-path>"),

        // Pointers move with ASLR; 64-bit user-space addresses are 9 to 16 hex digits. 32-bit ones are left alone,
        // as they cannot be told apart from version numbers such as OpenSSL's 0x30000160.
        new("address", Address(), "<address>"),

        // Container ids are random per run (after addresses, whose digits could pass for one); a program may print its hostname, which Docker sets to the short id.
        new("container id", ContainerId(), "<container-id>"),

        // Timings a program prints of itself ("took 12.3 ms").
        new("duration", Duration(), "<duration>"),
    ];

    // The built-in patterns are generated at build time: compiled at run time, they cost every command that reads a
    // matrix tens of milliseconds before it does anything.
    [GeneratedRegex(@"(/var)?/tmp/[A-Za-z0-9._-]*[A-Za-z0-9]{6,}[A-Za-z0-9._-]*")]
    private static partial Regex TemporaryPath();

    [GeneratedRegex(@"\b0x[0-9a-fA-F]{9,16}\b")]
    private static partial Regex Address();

    [GeneratedRegex(@"\b[0-9a-f]{64}\b|(?<![0-9a-f])[0-9a-f]{12}(?![0-9a-f])")]
    private static partial Regex ContainerId();

    [GeneratedRegex(@"\b\d+(\.\d+)?\s?(ns|µs|us|ms|s)\b(?=\W|$)")]
    private static partial Regex Duration();

    /// <summary>The longest a matrix's rule may take on one output: longer would stall every cell it applies to.</summary>
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromSeconds(10);

    private const RegexOptions MatrixOptions = RegexOptions.CultureInvariant | RegexOptions.Multiline;

    /// <summary>
    /// A matrix's rule: a .NET regular expression (<c>^</c> and <c>$</c> at each line) and its replacement
    /// (<c>$1</c> names a group). It runs on the non-backtracking engine, in time linear in the output; only a
    /// pattern that needs backtracking (backreferences, lookarounds, atomic groups) runs without it, and then only with
    /// a <paramref name="timeout"/> on each match.
    /// </summary>
    /// <returns>The rule, or why the pattern is refused.</returns>
    public static (Scrubber? Rule, string? Problem) Compile(string name, string pattern, string replacement, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0)
        {
            return (null, "an empty pattern; write the regular expression whose matches to replace");
        }

        try
        {
            var regex = timeout is { } limit
                ? new Regex(pattern, MatrixOptions, limit)
                : new Regex(pattern, MatrixOptions | RegexOptions.NonBacktracking);
            return (new Scrubber(name, regex, replacement), null);
        }
        catch (NotSupportedException)
        {
            return (null, $"'{pattern}' needs backtracking (a backreference, lookaround or atomic group), which can run without end on some output; " +
                          "give the rule a timeout (e.g. timeout: 100ms) or write it without them");
        }
        catch (ArgumentException e)
        {
            return (null, $"'{pattern}' is not a regular expression: {e.Message}");
        }
    }

    /// <summary>Applies <paramref name="rules"/> in order (the built-in ones when none are given).</summary>
    /// <exception cref="DeployMatrixException">A rule with a timeout took longer than it on this output.</exception>
    public static string ScrubAll(string text, IEnumerable<Scrubber>? rules = null) =>
        (rules ?? BuiltIn).Aggregate(text, (current, rule) => rule.Apply(current));

    private string Apply(string text)
    {
        try
        {
            return Pattern.Replace(text, Replacement);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new DeployMatrixException(
                $"The scrubber {Name} ('{Pattern}') took longer than its timeout of {Durations.Format(Pattern.MatchTimeout)} on a program's output; make it faster or raise its timeout.");
        }
    }
}
