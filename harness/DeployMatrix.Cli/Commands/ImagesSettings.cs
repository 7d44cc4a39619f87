using System.ComponentModel;
using DeployMatrix.Images;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>Which images an <c>images</c> command works on.</summary>
public class ImagesSettings : CommandSettings
{
    [CommandOption("--catalog <PATH>")]
    [Description("The image catalog (default: fixtures/images/images.yaml of the checkout, else the one packed with the tool).")]
    public string? Catalog { get; set; }

    [CommandOption("--only <NAME>")]
    [Description("Only this image: a name (deploymatrix/debian), name:version (deploymatrix/debian:12) or tag (deploymatrix/debian:12-arm64). Repeatable.")]
    public string[] Only { get; set; } = [];

    /// <param name="all">Every image of the catalog, whatever --only says.</param>
    internal IReadOnlyList<ImageTarget> LoadTargets(bool all = false) =>
        ImageTarget.ForCatalog(
            ImageCatalog.Load(Catalog ?? ImageCatalog.Find() ?? ImageCatalog.DefaultPath),
            HarnessAssets.FindLinux32Launcher() ?? Linux32Launcher.DefaultPath,
            all ? [] : Only);
}
