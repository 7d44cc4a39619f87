using System.Text.RegularExpressions;
using DeployMatrix.Containers;

namespace DeployMatrix.Outcomes;

/// <summary>A limit of the container that a run can meet, the evidence that shows it met it, and how to say so.</summary>
/// <param name="Limit">The limit, named as the runner settings name it: <c>memory</c>, <c>scratch</c>, <c>open-files</c>.</param>
/// <param name="IsMet">Whether the run's evidence shows the limit, as the run's settings set it, stopped something.</param>
/// <param name="Describe">One line naming the limit with its value in the run's settings, and what it did.</param>
internal sealed record LimitRule(string Limit, Func<RunEvidence, ContainerLimits, bool> IsMet, Func<ContainerLimits, RunEvidence, string> Describe)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Met when a line of the program's stdout or stderr reports one of the C library's words for an errno
    /// (<paramref name="errorTexts"/>, a regular expression: glibc and musl word some differently) the way programs
    /// report errors: at the end of the line after a colon, as perror and Go do; followed by <c>(os error N)</c>, as
    /// Rust does; after <c>[Errno N]</c>, as Python does; after <c>ECODE:</c>, as Node.js does. When
    /// <paramref name="call"/> is given, the line must name one of those calls; when <paramref name="line"/> is given,
    /// it must hold for the line under the run's settings. Case is ignored: Go prints glibc's words in lower case.
    /// </summary>
    public static Func<RunEvidence, ContainerLimits, bool> Printed(
        string errorTexts, string? call = null, Func<string, ContainerLimits, bool>? line = null)
    {
        var report = new Regex(
            (call is null ? "" : $@"\b(?:{call})\b.*") + $@"(?::\s|\]\s|\b[A-Z]{{2,}}:\s)(?:{errorTexts})(?:\s\(os error \d+\))?(?:$|:\s|,\s)",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase,
            MatchTimeout);
        return (evidence, limits) => Lines(evidence).Any(text => report.IsMatch(text) && (line is null || line(text, limits)));
    }

    private static IEnumerable<string> Lines(RunEvidence evidence) =>
        evidence.Result.Stdout.ReplaceLineEndings("\n").Split('\n').Concat(evidence.Result.Stderr.ReplaceLineEndings("\n").Split('\n'));

    public override string ToString() => Limit;
}
