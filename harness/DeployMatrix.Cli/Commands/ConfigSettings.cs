using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix config [MATRIX] [--json] [--key=value ...]</c>: the same matrix and overrides as <c>run</c> takes;
/// <c>deploymatrix config --keys</c>: the keys themselves.
/// </summary>
public sealed class ConfigSettings : CommandSettings
{
    [CommandArgument(0, "[MATRIX]")]
    [Description("The matrix file (default: matrix.yaml, or DEPLOYMATRIX_MATRIX).")]
    public string? Matrix { get; set; }

    [CommandOption("--keys")]
    [Description("List every key a matrix may hold, with its kind, default and use, as a Markdown table; reads no matrix.")]
    public bool Keys { get; set; }

    [CommandOption("--json")]
    [Description("Write the settings and their sources as JSON, for scripts.")]
    public bool Json { get; set; }
}
