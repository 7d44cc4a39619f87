using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix accept [MATRIX] [--cell NAME ...] [--key=value ...]</c>: the options after the matrix are
/// configuration overrides, so the filters narrow what is accepted: <c>--filter:targets=debian-12</c>.
/// </summary>
public sealed class AcceptSettings : CommandSettings
{
    [CommandArgument(0, "[MATRIX]")]
    [Description("The matrix file (default: matrix.yaml, or DEPLOYMATRIX_MATRIX).")]
    public string? Matrix { get; set; }

    [CommandOption("--cell <NAME>")]
    [Description("Accept only this cell, named binary/case @ target/platform as run prints it; may be given more than once.")]
    public string[] Cells { get; set; } = [];
}
