using Docker.DotNet;
using Docker.DotNet.Models;

namespace DeployMatrix.Engine;

/// <summary>
/// Removes a container (or a volume) whoever else may be removing it too: the runner that made it, the janitor's
/// sweep on exit, <c>docker run --rm</c>. One already gone, or already being removed, is no error.
/// </summary>
public static class ContainerRemoval
{
    public static async Task RemoveIfPresentAsync(this IContainerOperations containers, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(containers);
        try
        {
            await containers.RemoveContainerAsync(
                id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone.
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // "removal of container … is already in progress": someone else is removing it.
        }
    }

    /// <summary>Removes a volume; one already gone, or still held by a container being removed, is left to the next sweep.</summary>
    public static async Task RemoveIfPresentAsync(this IVolumeOperations volumes, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        try
        {
            await volumes.RemoveAsync(name, force: true, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Already gone, or in use by a container whose removal is under way.
        }
    }
}
