using System.ComponentModel;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary><c>deploymatrix fingerprint IMAGE... [--platform P ...] [--out DIR] [--pull missing|always|never]</c>.</summary>
public sealed class FingerprintSettings : CommandSettings
{
    [CommandArgument(0, "<IMAGE>")]
    [Description("The images of the systems you ship to, as the engine names them (registry/name:tag or name@sha256:...).")]
    public string[] Images { get; set; } = [];

    [CommandOption("--platform <PLATFORM>")]
    [Description("A platform to fingerprint each image for (linux/amd64, linux/386, linux/arm64); repeat for more. Default: linux/amd64.")]
    public string[] Platforms { get; set; } = [];

    [CommandOption("--out <DIR>")]
    [Description("Where to write the fingerprint files (default: fingerprints); name it as a matrix's fingerprints: key or predict --fingerprints.")]
    public string Out { get; set; } = "fingerprints";

    [CommandOption("--pull <POLICY>")]
    [Description("missing (default): pull an image only when it is not here; always; never.")]
    public string Pull { get; set; } = "missing";
}
