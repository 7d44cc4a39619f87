using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary><c>deploymatrix init BINARY ... [--target NAME=IMAGE ...] [--tests DIR] [--force]</c>.</summary>
public sealed class InitSettings : CommandSettings
{
    [CommandArgument(0, "<BINARY>")]
    [Description("The binaries to ship, as built (each runs on the platform its ELF header names).")]
    public string[] Binaries { get; set; } = [];

    [CommandOption("--target <NAME=IMAGE>")]
    [Description("A target image, {arch} standing for amd64, i386 or arm64; may be given more than once (default: the local images of the catalog).")]
    public string[] Targets { get; set; } = [];

    [CommandOption("--tests <DIR>")]
    [Description("Also write a test project in DIR that runs every cell through the DeployMatrix.Xunit package; the snapshots live there.")]
    public string? Tests { get; set; }

    [CommandOption("--force")]
    [Description("Overwrite a matrix.yaml (and test project files) that exist.")]
    public bool Force { get; set; }
}
