using System.Collections.Concurrent;
using Docker.DotNet;

namespace DeployMatrix.Containers.Runc;

/// <summary>What runc needs of an image: its layers on the engine's disk, top first (none for an empty image), and what its config sets for a process.</summary>
internal sealed record RuncImage(string Tag, IReadOnlyList<string> Layers, IReadOnlyList<string> Environment, string WorkingDirectory)
{
    /// <summary>Whether an image's configured user is root, as a runtime without the engine's name lookup needs: unset, or root by name or number.</summary>
    public static bool RunsAsRoot(string? user) => user is null or "" or "0" or "root" or "0:0" or "root:root";

    /// <summary>
    /// Reads an image's layers and config from the engine, once per tag. Only the engine's own overlay2 layers can be
    /// stacked without a copy; an image that sets a user is refused, since the engine would resolve that name in
    /// the image and runc takes numbers.
    /// </summary>
    internal sealed class Catalog(DockerClient client)
    {
        private readonly ConcurrentDictionary<string, Lazy<Task<RuncImage>>> _images = new(StringComparer.Ordinal);

        public Task<RuncImage> GetAsync(string tag, CancellationToken cancellationToken) =>
            _images.GetOrAdd(tag, _ => new Lazy<Task<RuncImage>>(() => InspectAsync(tag, cancellationToken))).Value;

        private async Task<RuncImage> InspectAsync(string tag, CancellationToken cancellationToken)
        {
            var image = await client.Images.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false);
            var driver = image.GraphDriver;
            if (driver?.Name != "overlay2")
            {
                throw new RuncUnavailableException(
                    $"{tag} is kept by the engine's {driver?.Name ?? "unknown"} storage driver, and runc runs only over overlay2 layers");
            }

            if (image.Config?.User is { } user && !RunsAsRoot(user))
            {
                throw new RuncUnavailableException($"{tag} runs its programs as user '{user}', which only the engine resolves");
            }

            // An image of no layers (scratch) has no directories at all.
            var data = driver.Data ?? new Dictionary<string, string>();
            var upper = data.TryGetValue("UpperDir", out var top) ? [top] : Array.Empty<string>();
            var lower = data.TryGetValue("LowerDir", out var below) && !string.IsNullOrEmpty(below) ? below.Split(':') : [];
            return new RuncImage(
                tag,
                [.. upper, .. lower],
                [.. image.Config?.Env ?? []],
                image.Config?.WorkingDir is { Length: > 0 } directory ? directory : "/");
        }
    }
}
