using System.Collections.Concurrent;
using Docker.DotNet;
using DeployMatrix.Images;
using DeployMatrix.Matrix;

namespace DeployMatrix.Running;

/// <summary>
/// Checks, before any container starts, that every image a matrix needs is present for the platform of its cells,
/// and describes each one once.
/// </summary>
public sealed class TargetImages(DockerClient client)
{
    private readonly ConcurrentDictionary<string, TargetImage> _known = new(StringComparer.Ordinal);

    public TargetImage this[string reference] => _known[reference];

    /// <exception cref="DeployMatrixException">Lists every image that is missing or of another platform, and how to get it.</exception>
    public async Task CheckAsync(IEnumerable<MatrixCell> cells, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var group in cells.GroupBy(c => c.Image, StringComparer.Ordinal))
        {
            var platform = group.First().Platform;
            try
            {
                var image = await client.Images.InspectImageAsync(group.Key, cancellationToken).ConfigureAwait(false);
                if (image.Os != "linux" || image.Architecture != platform.Architecture)
                {
                    problems.Add($"{group.Key} is {image.Os}/{image.Architecture}, its cells run on {platform}: {HowToGet(group.Key, platform.Name)}");
                    continue;
                }

                string? libc = null;
                image.Config?.Labels?.TryGetValue(ImageLabels.Libc, out libc);
                _known[group.Key] = new TargetImage(group.Key, libc);
            }
            catch (DockerImageNotFoundException)
            {
                problems.Add($"{group.Key} is missing: {HowToGet(group.Key, platform.Name)}");
            }
        }

        if (problems.Count > 0)
        {
            throw new DeployMatrixException("Images this matrix needs are not here:\n  " + string.Join("\n  ", problems));
        }
    }

    private static string HowToGet(string reference, string platform) =>
        reference.StartsWith("deploymatrix/", StringComparison.Ordinal)
            ? "build the local images with `./dm setup` (or `deploymatrix images build`)"
            : $"pull it with `docker pull --platform {platform} {reference}` (no registry is reachable on the machine DeployMatrix is developed on)";
}
