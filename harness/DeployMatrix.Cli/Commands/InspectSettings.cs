using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary><c>deploymatrix inspect BINARY [--json]</c>.</summary>
public sealed class InspectSettings : CommandSettings
{
    [CommandArgument(0, "<BINARY>")]
    [Description("The ELF file to read. It is never executed.")]
    public string Binary { get; set; } = "";

    [CommandOption("--json")]
    [Description("Write the facts as JSON, for scripts.")]
    public bool Json { get; set; }
}
