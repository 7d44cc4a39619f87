using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Engine;

namespace DeployMatrix.Images;

/// <summary>Docker's image store, as far as DeployMatrix's images go.</summary>
internal sealed class ImageStore(DockerClient client)
{
    public async Task<ImageStatus> GetStatusAsync(ImageTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ImageInspectResponse image;
        try
        {
            image = await client.Images.InspectImageAsync(target.Tag, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return ImageStatus.Missing;
        }

        var reason = StaleReason(target, image);
        return new ImageStatus(reason is null ? ImageState.UpToDate : ImageState.Stale, reason, image.ID, image.Size);
    }

    /// <summary>
    /// Loads a docker-archive (atomically: the tag moves only once the whole image is in) and checks that Docker now
    /// has the target under its tag.
    /// </summary>
    public async Task<ImageStatus> LoadAsync(ImageTarget target, string archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var messages = new MessageCollector();
        var stream = File.OpenRead(archive);
        await using (stream.ConfigureAwait(false))
        {
            await client.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, stream, messages, cancellationToken)
                .ConfigureAwait(false);
        }

        if (messages.FirstError is { } error)
        {
            throw new DeployMatrixException($"docker load failed: {error}");
        }

        var status = await GetStatusAsync(target, cancellationToken).ConfigureAwait(false);
        return status.State == ImageState.UpToDate
            ? status
            : throw new DeployMatrixException($"docker load did not leave the expected image under {target.Tag}: {status.Reason}");
    }

    /// <summary>
    /// Removes DeployMatrix's images that no tag names any more (those rebuilds replaced), unless a container uses them.
    /// </summary>
    public Task PruneUntaggedAsync(CancellationToken cancellationToken) =>
        client.Images.PruneImagesAsync(
            new ImagesPruneParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["dangling"] = new Dictionary<string, bool> { ["true"] = true },
                    ["label"] = new Dictionary<string, bool> { [ImageLabels.Recipe] = true },
                },
            },
            cancellationToken);

    private static string? StaleReason(ImageTarget target, ImageInspectResponse image)
    {
        if (!target.Platform.IsPlatformOf(image.Os, image.Architecture))
        {
            return $"the image under this tag is {image.Os}/{image.Architecture}, expected {target.Platform}";
        }

        string? hash = null;
        if (image.Config?.Labels?.TryGetValue(ImageLabels.Recipe, out hash) != true)
        {
            return $"the image under this tag was not built by DeployMatrix (no {ImageLabels.Recipe} label)";
        }

        return hash == target.RecipeHash ? null : "its recipe changed since it was built";
    }

    /// <summary>Keeps docker load's messages as they come (<see cref="Progress{T}"/> would hand them over later).</summary>
    private sealed class MessageCollector : IProgress<JSONMessage>
    {
        public string? FirstError { get; private set; }

        public void Report(JSONMessage value)
        {
            FirstError ??= value.Error?.Message;
        }
    }
}
