using DeployMatrix.Containers;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Exports;

/// <summary>
/// Bundles over exported images: each root is its export's directory, and the spec the one kept with them. Where an
/// engine answers too (podman, for a user), an export of another image than the engine holds under its tag is
/// refused: its root would run under the predictions of the engine's image.
/// </summary>
internal sealed class ExportedBundleSource(ImageExports exports, DockerEngine? engine) : IBundleSource
{
    public async Task<RuncImage> ImageAsync(string tag, CancellationToken cancellationToken)
    {
        var image = exports.TryGet(tag)
                    ?? throw new RuncUnavailableException(
                        $"{tag} was not exported to {exports.Directory}: export it as root, where the engine is, with `{ImageExports.ExportCommand(tag)}`");
        if (engine is not null && await engine.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false) is { } held && held.Id != image.Id)
        {
            throw new RuncUnavailableException(
                $"the export of {tag} is of image {image.Id}, and the engine holds {held.Id} under that tag now: export it again, as root (`{ImageExports.ExportCommand(tag)}`)");
        }

        var root = ImageExports.RootOf(exports.DirectoryOf(tag));
        return new RuncImage(tag, [root], image.Environment, image.WorkingDirectory);
    }

    public Task<RuncSpecTemplate> TemplateAsync(ContainerLimits limits, IEnumerable<(string Image, Platform Platform)> candidates, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(exports.Template(limits));
        }
        catch (DeployMatrixException e)
        {
            throw new RuncUnavailableException(e.Message.TrimEnd('.'));
        }
    }

    public void Dispose()
    {
    }
}
