using System.Text.RegularExpressions;

namespace DeployMatrix.Tests.Examples;

/// <summary>The <c>${{ ... }}</c> expressions GitHub replaces in a workflow's text before a step runs.</summary>
internal static partial class WorkflowExpressions
{
    /// <summary>Every expression written without spaces (<c>${{matrix.shard}}</c>), so a command splits into words at spaces.</summary>
    public static string Compact(string text) =>
        Expression().Replace(text, match => "${{" + match.Groups["expression"].Value + "}}");

    /// <summary><paramref name="text"/> with the expression <paramref name="expression"/> (<c>matrix.shard</c>) replaced by <paramref name="value"/>.</summary>
    public static string Substitute(string text, string expression, string value) =>
        Expression().Replace(text, match => match.Groups["expression"].Value == expression ? value : match.Value);

    [GeneratedRegex(@"\$\{\{\s*(?<expression>.*?)\s*\}\}")]
    private static partial Regex Expression();
}
