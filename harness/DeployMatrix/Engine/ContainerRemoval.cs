using Docker.DotNet;
using Docker.DotNet.Models;

namespace DeployMatrix.Engine;

/// <summary>
/// Removes a container (or a volume) whoever else may be removing it too: the runner that made it, the janitor's
/// sweep on exit, <c>docker run --rm</c>. One already gone, or already being removed, is no error.
/// </summary>
internal static class ContainerRemoval
{
    private const int VolumeInUseAttempts = 20;

    private static readonly TimeSpan VolumeInUseDelay = TimeSpan.FromMilliseconds(250);

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

    /// <summary>
    /// Removes a volume. One already gone is no error; one still held by a container whose removal is under way
    /// (someone else's removal returns before it is done) is tried again for a few seconds, then left to the next sweep.
    /// </summary>
    public static async Task RemoveIfPresentAsync(this IVolumeOperations volumes, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await volumes.RemoveAsync(name, force: true, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < VolumeInUseAttempts)
            {
                await Task.Delay(VolumeInUseDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                return;
            }
        }
    }

}
