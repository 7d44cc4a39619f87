using Docker.DotNet;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.Runc;

/// <summary>The engine's own overlay2 layers, and the spec it writes for a container started to show it.</summary>
internal sealed class EngineBundleSource(DockerClient client, ContainerJanitor janitor) : IBundleSource
{
    private readonly RuncImage.Catalog _images = new(client);

    public Task<RuncImage> ImageAsync(string tag, CancellationToken cancellationToken) => _images.GetAsync(tag, cancellationToken);

    public Task<RuncSpecTemplate> TemplateAsync(ContainerLimits limits, IEnumerable<(string Image, Platform Platform)> candidates, CancellationToken cancellationToken) =>
        RuncSpecTemplate.CaptureAsync(client, janitor, limits, candidates, cancellationToken);

    public void Dispose() => client.Dispose();
}
