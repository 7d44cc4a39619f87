using DeployMatrix.Exports;
using DeployMatrix.Platforms;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix images export</c>: the catalog's images that Docker holds (or the <c>--tag</c> ones), exported for a
/// user who runs them with bubblewrap, without root and with no engine running (<see cref="ImageExports"/>).
/// </summary>
public sealed class ImagesExportCommand : AsyncCommand<ImagesExportSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ImagesExportSettings settings, CancellationToken cancellationToken)
    {
        var owner = settings.Owner is { } name ? ExportOwner.Named(name) : null;
        var to = settings.To is { } directory ? new ImageExports(directory)
            : owner is not null ? new ImageExports(owner.DefaultDirectory)
            : ImageExports.OfThisUser();
        await using var session = await Sessions.StartAsync(cancellationToken).ConfigureAwait(false);
        var engine = session.Engine;
        var images = new List<(string Tag, Platform Platform)>();
        if (settings.Tags.Length > 0)
        {
            foreach (var tag in settings.Tags)
            {
                var image = await engine.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false)
                            ?? throw new DeployMatrixException($"--tag {tag}: no such image here (docker images lists what there is).");
                var platform = KnownPlatforms.All.FirstOrDefault(p => p.IsPlatformOf(image.Os, image.Architecture))
                               ?? throw new DeployMatrixException($"--tag {tag}: its platform {image.Os}/{image.Architecture} is none of {string.Join(", ", KnownPlatforms.All)}.");
                images.Add((tag, platform));
            }
        }
        else
        {
            foreach (var target in settings.LoadTargets())
            {
                if (await engine.InspectImageAsync(target.Tag, cancellationToken).ConfigureAwait(false) is null)
                {
                    Console.Out.WriteLine($"{target.Tag}: not built, not exported (deploymatrix images build makes it)");
                    continue;
                }

                images.Add((target.Tag, target.Platform));
            }
        }

        if (images.Count == 0)
        {
            throw new DeployMatrixException("No image to export: build the catalog's images first (deploymatrix images build), or name one with --tag.");
        }

        // The engine shows its spec on a container running `sleep`: the exported images first, then any of the catalog's.
        var shownOn = images.Concat(settings.LoadTargets(all: true).Select(target => (target.Tag, target.Platform))).Distinct().ToList();
        var made = await new ImageExporter(engine, session.Janitor, session.Fingerprints)
            .ExportAsync(images, shownOn, to, owner, line => Console.Out.WriteLine(line), cancellationToken, settings.Again).ConfigureAwait(false);
        Console.Out.WriteLine(
            $"{made} of {images.Count} images exported to {to.Directory}{(owner is null ? "" : " for " + owner.Name)} (the others were already): " +
            "bubblewrap runs them with no engine and without root" +
            (settings.To is null ? "" : $" (DEPLOY_MATRIX_EXPORTS={to.Directory})"));
        return ExitCodes.Success;
    }
}
