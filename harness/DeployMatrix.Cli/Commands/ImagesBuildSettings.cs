using System.ComponentModel;
using DeployMatrix.Images;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

public sealed class ImagesBuildSettings : ImagesSettings
{
    [CommandOption("--parallel <N>")]
    [Description("How many images to build at once.")]
    [DefaultValue(ImageBuildOptions.DefaultParallelism)]
    public int Parallel { get; set; } = ImageBuildOptions.DefaultParallelism;

    [CommandOption("--work-dir <PATH>")]
    [Description("Where builds make their root file systems, each in a tmpfs of its own when 2 GB of memory per parallel build are available; $XDG_CACHE_HOME/deploymatrix or ~/.cache/deploymatrix by default.")]
    public string? WorkDirectory { get; set; }

    public override ValidationResult Validate() =>
        Parallel >= 1 ? ValidationResult.Success() : ValidationResult.Error("--parallel must be at least 1");
}
