using DeployMatrix.Containers;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Platforms;

namespace DeployMatrix.Exports;

/// <summary>Bundles over exported images: each root is its export's directory, and the spec the one kept with them.</summary>
internal sealed class ExportedBundleSource(ImageExports exports) : IBundleSource
{
    public Task<RuncImage> ImageAsync(string tag, CancellationToken cancellationToken)
    {
        var image = exports.TryGet(tag)
                    ?? throw new RuncUnavailableException(
                        $"{tag} was not exported to {exports.Directory}: export it as root, where the engine is, with `deploymatrix images export --tag {tag} --owner USER`");
        var root = ImageExports.RootOf(exports.DirectoryOf(tag));
        return Task.FromResult(new RuncImage(tag, [root], image.Environment, image.WorkingDirectory));
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
