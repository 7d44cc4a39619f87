using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary><c>deploymatrix predict [MATRIX] [--binary NAME|PATH [--bundle DIR]] [--key=value ...]</c>.</summary>
public sealed class PredictSettings : CommandSettings
{
    [CommandArgument(0, "[MATRIX]")]
    [Description("The matrix file (default: matrix.yaml, or DEPLOYMATRIX_MATRIX).")]
    public string? Matrix { get; set; }

    [CommandOption("--binary <NAME|PATH>")]
    [Description("Show one binary's compatibility table across the matrix's targets: a binary of the matrix, or the path of any ELF file.")]
    public string? Binary { get; set; }

    [CommandOption("--fingerprints <DIR>")]
    [Description("With --binary: a directory of fingerprint files (deploymatrix fingerprint) to predict for beside the recorded releases (default: the matrix's fingerprints:).")]
    public string? Fingerprints { get; set; }

    [CommandOption("--bundle <DIR>")]
    [Description("With --binary PATH: the directory shipped with it, which holds it (as a matrix binary's bundle).")]
    public string? Bundle { get; set; }
}
