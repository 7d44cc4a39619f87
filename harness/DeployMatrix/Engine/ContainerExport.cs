using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Platforms;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Engine;

/// <summary>
/// An image's root file system as the engine exports a container of it: the container is created, never started (its
/// entrypoint names nothing), exported as a tar stream, and removed, however the reading ends.
/// </summary>
internal static class ContainerExport
{
    /// <summary>
    /// What the never-started container would run: the engine refuses to create one without a command, and images such
    /// as scratch have none of their own.
    /// </summary>
    private const string NeverRun = "/.deploymatrix/export-never-started";

    /// <param name="client">The engine.</param>
    /// <param name="janitor">Whose labels the container gets, so that a killed run's container is swept.</param>
    /// <param name="image">The image's id or tag.</param>
    /// <param name="platform">Its platform.</param>
    /// <param name="read">Reads the export's tar stream.</param>
    /// <param name="cancellationToken">Cancels the export and the reading; never the creation half-way.</param>
    public static async Task<T> ReadAsync<T>(
        DockerClient client, ContainerJanitor janitor, string image, Platform platform, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(janitor);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(read);
        if (janitor.IsClosing)
        {
            throw new OperationCanceledException("The session is shutting down: no new container is created.");
        }

        // Not cancelled half-way: a creation the engine completes after the client gave up leaves a container whose id
        // is unknown here, so nothing would remove it before the janitor's sweep.
        cancellationToken.ThrowIfCancellationRequested();
        var created = await client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = image,
                Platform = platform.Name,
                Labels = new Dictionary<string, string>(janitor.Labels),
                Entrypoint = [NeverRun],
                NetworkDisabled = true,
                HostConfig = new HostConfig { NetworkMode = "none" },
            },
            CancellationToken.None).ConfigureAwait(false);
        try
        {
            var export = new ExportStream(await client.Containers.ExportContainerAsync(created.ID, cancellationToken).ConfigureAwait(false));
            await using (export.ConfigureAwait(false))
            {
                return await read(export, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await client.Containers.RemoveIfPresentAsync(created.ID, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
