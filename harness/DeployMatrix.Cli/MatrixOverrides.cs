using Spectre.Console.Cli;

namespace DeployMatrix.Cli;

/// <summary>
/// The options Spectre does not know, given back as the matrix configuration's <c>--key=value</c> overrides
/// (<c>--filter:targets=debian-12</c>).
/// </summary>
internal static class MatrixOverrides
{
    /// <remarks>
    /// Spectre splits an option at its first ':' or '=': <c>--filter:targets=a</c> arrives as <c>--filter</c> and
    /// <c>targets=a</c>, so a value that still holds '=' was split at ':'.
    /// </remarks>
    public static List<string> From(IRemainingArguments remaining) =>
    [
        .. remaining.Parsed.SelectMany(option => option.Select(value =>
            value is null ? option.Key : option.Key + (value.Contains('=', StringComparison.Ordinal) ? ":" : "=") + value)),
        .. remaining.Raw,
    ];
}
