using System.Text.RegularExpressions;

namespace DeployMatrix.Snapshots;

/// <summary>
/// Replaces what differs from run to run in a program's output, so that two runs of the same cell give the same
/// snapshot: each rule says what it hides and why.
/// </summary>
internal sealed record Scrubber(string Name, Regex Pattern, string Replacement)
{
    /// <summary>The rules applied to every snapshot, in order.</summary>
    public static readonly IReadOnlyList<Scrubber> Defaults =
    [
        // mktemp-style names under /tmp and /var/tmp carry random suffixes.
        new("temporary path", new Regex(@"(/var)?/tmp/[A-Za-z0-9._-]*[A-Za-z0-9]{6,}[A-Za-z0-9._-]*", RegexOptions.Compiled), "<temp-path>"),

        // Pointers move with ASLR; 64-bit user-space addresses are 9 to 16 hex digits. 32-bit ones are left alone,
        // as they cannot be told apart from version numbers such as OpenSSL's 0x30000160.
        new("address", new Regex(@"\b0x[0-9a-fA-F]{9,16}\b", RegexOptions.Compiled), "<address>"),

        // Container ids are random per run (after addresses, whose digits could pass for one); a program may print its hostname, which Docker sets to the short id.
        new("container id", new Regex(@"\b[0-9a-f]{64}\b|(?<![0-9a-f])[0-9a-f]{12}(?![0-9a-f])", RegexOptions.Compiled), "<container-id>"),

        // Timings a program prints of itself ("took 12.3 ms").
        new("duration", new Regex(@"\b\d+(\.\d+)?\s?(ns|µs|us|ms|s)\b(?=\W|$)", RegexOptions.Compiled), "<duration>"),
    ];

    public static string ScrubAll(string text, IEnumerable<Scrubber>? rules = null) =>
        (rules ?? Defaults).Aggregate(text, (current, rule) => rule.Pattern.Replace(current, rule.Replacement));
}
