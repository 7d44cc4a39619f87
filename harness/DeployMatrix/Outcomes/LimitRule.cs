using System.Text.RegularExpressions;
using DeployMatrix.Containers;

namespace DeployMatrix.Outcomes;

/// <summary>A limit of the container that a run can meet, the evidence that shows it met it, and how to say so.</summary>
/// <param name="Limit">The limit, named as the runner settings name it: <c>memory</c>, <c>scratch</c>, <c>open-files</c>.</param>
/// <param name="IsMet">Whether the run's evidence shows the limit stopped something.</param>
/// <param name="Describe">One line naming the limit with its value in the run's settings, and what it did.</param>
internal sealed record LimitRule(string Limit, Func<RunEvidence, bool> IsMet, Func<ContainerLimits, RunEvidence, string> Describe)
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Met when a line of the program's stdout or stderr ends as perror and <c>strerror</c> end it, with one of the C
    /// library's words for an errno (<paramref name="errorTexts"/>, a regular expression: glibc and musl word some
    /// differently), and, when <paramref name="call"/> is given, that line names one of those calls. Case is ignored:
    /// Go's runtime prints glibc's words in lower case.
    /// </summary>
    public static Func<RunEvidence, bool> Printed(string errorTexts, string? call = null)
    {
        var line = new Regex(
            (call is null ? "" : $@"\b(?:{call})\b.*") + $": (?:{errorTexts})$",
            RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.IgnoreCase,
            MatchTimeout);
        return evidence => line.IsMatch(evidence.Result.Stdout.ReplaceLineEndings("\n"))
                           || line.IsMatch(evidence.Result.Stderr.ReplaceLineEndings("\n"));
    }

    public override string ToString() => Limit;
}
