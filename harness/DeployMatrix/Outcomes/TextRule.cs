using System.Text.RegularExpressions;

namespace DeployMatrix.Outcomes;

/// <summary>A text a loader, runtime, shell or the engine prints, and the verdict it stands for.</summary>
/// <param name="Name">What printed it and what it means: <c>glibc: missing library</c>.</param>
/// <param name="Pattern">
/// A regular expression. <c>{prog}</c> stands for the program's path in the container (escaped), so that a text
/// counts only with the exact shape the printer gives it.
/// </param>
/// <param name="ExitCodes">
/// The exit statuses its printer ends the process with. The same words with another status are the program's own
/// output. Empty for texts that come with no exit status (the engine's start errors).
/// </param>
/// <param name="Build">
/// The verdict from the match and the evidence. Throws <see cref="HarnessErrorException"/> when the text shows that
/// the harness failed rather than the binary.
/// </param>
internal sealed record TextRule(string Name, string Pattern, IReadOnlyList<int> ExitCodes, Func<Match, RunEvidence, Verdict> Build)
{
    public const string ProgramPlaceholder = "{prog}";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The pattern made concrete for one program; made once per run, as stderr may hold many lines.</summary>
    public Regex For(string programPath)
    {
        ArgumentNullException.ThrowIfNull(programPath);
        var pattern = Pattern.Replace(ProgramPlaceholder, Regex.Escape(programPath), StringComparison.Ordinal);
        return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
    }

    public bool AllowsExitCode(int exitCode) => ExitCodes.Contains(exitCode);

    public override string ToString() => Name;
}
