namespace DeployMatrix.Tests.Examples;

/// <summary>
/// A <c>deploymatrix</c> command line in a workflow's script, split into words (expressions compacted, see
/// <see cref="WorkflowExpressions.Compact"/>). Options are written <c>--name value</c>; matrix overrides
/// <c>--key:path=value</c>.
/// </summary>
internal sealed record DeployMatrixCommand(IReadOnlyList<string> Words)
{
    /// <summary>The subcommand: <c>run</c>, <c>report</c>.</summary>
    public string Name => Words[1];

    /// <summary>The <c>--key:path=value</c> words, which set matrix settings rather than options of the command.</summary>
    public IEnumerable<string> Overrides => Words.Where(IsOverride);

    /// <summary>The names of the command's own options: <c>--reports</c>, <c>--out</c>.</summary>
    public IEnumerable<string> Options => Words.Where(word => word.StartsWith("--", StringComparison.Ordinal) && !IsOverride(word));

    /// <summary>The words that are neither options nor their values: the matrix, the reports to merge.</summary>
    public IEnumerable<string> Arguments =>
        Words.Skip(2).Where((word, i) => !word.StartsWith("--", StringComparison.Ordinal) && !Options.Contains(Words[i + 1]));

    /// <summary>The value given to <paramref name="option"/>.</summary>
    public string Option(string option) => Words[Assert.Single(Enumerable.Range(0, Words.Count), i => Words[i] == option) + 1];

    /// <summary>The <c>deploymatrix</c> commands of a step's script; lines continued with a backslash are joined.</summary>
    public static IEnumerable<DeployMatrixCommand> In(WorkflowStep step) =>
        WorkflowExpressions.Compact(step.Run ?? "").Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("deploymatrix ", StringComparison.Ordinal))
            .Select(line => new DeployMatrixCommand(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    private static bool IsOverride(string word) => word.StartsWith("--", StringComparison.Ordinal) && word.Split('=')[0].Contains(':', StringComparison.Ordinal);
}
