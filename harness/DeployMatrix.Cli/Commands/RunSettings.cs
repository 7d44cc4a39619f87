using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix run [MATRIX] [--key=value ...]</c>: the options after the matrix are configuration overrides,
/// as in the matrix file: <c>--filter:targets=debian-12</c>, <c>--runner:parallel=8</c>.
/// </summary>
public sealed class RunSettings : CommandSettings
{
    [CommandArgument(0, "[MATRIX]")]
    [Description("The matrix file (default: matrix.yaml, or DEPLOYMATRIX_MATRIX).")]
    public string? Matrix { get; set; }

    [CommandOption("--reports <DIR>")]
    [Description("Also write the results as report.json, junit.xml, report.md and report.html into this directory.")]
    public string? Reports { get; set; }
}
