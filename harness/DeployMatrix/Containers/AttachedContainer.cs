using Docker.DotNet;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace DeployMatrix.Containers;

/// <summary>
/// A container whose standard streams are attached before it starts, as <c>docker run -i</c> does: every byte the
/// program writes reaches the harness from its first instruction on, in order, and the engine stores none of it.
/// </summary>
internal sealed class AttachedContainer : DockerContainer
{
    private readonly DockerClient _client;
    private MultiplexedStream? _stdio;

    public AttachedContainer(IContainerConfiguration configuration, DockerClient client)
        : base(configuration)
    {
        _client = client;
    }

    /// <summary>The program's stdin (to write) and its stdout and stderr (to read), multiplexed.</summary>
    public MultiplexedStream Stdio =>
        _stdio ?? throw new InvalidOperationException($"Container {Id} has not been started: its streams are not attached.");

    protected override async Task UnsafeStartAsync(CancellationToken ct = default)
    {
        _stdio = await _client.Containers.AttachContainerAsync(
            Id, new ContainerAttachParameters { Stdin = true, Stdout = true, Stderr = true, Stream = true }, ct).ConfigureAwait(false);
        await base.UnsafeStartAsync(ct).ConfigureAwait(false);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        _stdio?.Dispose();
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
