using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Images;

namespace DeployMatrix.Containers;

/// <summary>Builds an <see cref="AttachedContainer"/>: a Testcontainers container builder like any other.</summary>
internal sealed class AttachedContainerBuilder : ContainerBuilder<AttachedContainerBuilder, AttachedContainer, IContainerConfiguration>
{
    private readonly DockerClient _client;

    /// <param name="image">The image to run.</param>
    /// <param name="client">The engine client that attaches to the container's streams.</param>
    public AttachedContainerBuilder(string image, DockerClient client)
        : this(new ContainerConfiguration(), client)
    {
        DockerResourceConfiguration = Init().WithImage(new DockerImage(image)).DockerResourceConfiguration;
    }

    private AttachedContainerBuilder(IContainerConfiguration configuration, DockerClient client)
        : base(configuration)
    {
        _client = client;
        DockerResourceConfiguration = configuration;
    }

    protected override IContainerConfiguration DockerResourceConfiguration { get; }

    public override AttachedContainer Build()
    {
        Validate();
        return new AttachedContainer(DockerResourceConfiguration, _client);
    }

    protected override AttachedContainerBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new ContainerConfiguration(resourceConfiguration));

    protected override AttachedContainerBuilder Clone(IContainerConfiguration resourceConfiguration) =>
        Merge(DockerResourceConfiguration, new ContainerConfiguration(resourceConfiguration));

    protected override AttachedContainerBuilder Merge(IContainerConfiguration oldValue, IContainerConfiguration newValue) =>
        new(new ContainerConfiguration(oldValue, newValue), _client);
}
