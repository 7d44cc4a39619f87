using YamlDotNet.Core;

namespace DeployMatrix.Yaml;

/// <summary>A YAML file that is not well formed or not of its kind, at a line and column (none for the file as a whole).</summary>
internal sealed class YamlFormatException(string display, Mark? at, string problem)
    : DeployMatrixException(at is null ? $"{display}: {problem}" : $"{display}: {Position(at.Value)}: {problem}")
{
    public string File { get; } = display;

    /// <summary><c>line 6, column 16</c>, or empty.</summary>
    public string At { get; } = at is null ? "" : Position(at.Value);

    public string Problem { get; } = problem;

    public static string Position(Mark at) => $"line {at.Line}, column {at.Column}";
}
