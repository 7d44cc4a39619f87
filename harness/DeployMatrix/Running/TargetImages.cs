using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Running;

/// <summary>
/// Makes sure, before any container starts, that every image a matrix needs is here for the platform of its cells,
/// pulling public images per platform where a registry can be reached, and knows the local tag of each.
/// </summary>
internal sealed class TargetImages(DockerClient client)
{
    /// <summary>Where per-platform copies of pulled images are tagged: <c>deploymatrix-pulled/debian:12--linux-arm64</c>.</summary>
    public const string PulledRepositoryPrefix = "deploymatrix-pulled/";

    private readonly ConcurrentDictionary<(string, Platform), TargetImage> _known = new();

    public TargetImage For(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return _known[(cell.Image, cell.Platform)];
    }

    /// <summary>
    /// The per-platform alias of a pulled image: one tag per platform, because a tag that several platforms share
    /// holds only the last one pulled.
    /// </summary>
    public static string PulledAlias(string reference, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        var (repository, tag) = ImageReference.Split(reference);
        return $"{PulledRepositoryPrefix}{repository.ToLowerInvariant()}:{tag}--{platform.Slug}";
    }

    /// <param name="cells">The cells whose images are needed.</param>
    /// <param name="cancellationToken">Cancels the checks and pulls.</param>
    /// <param name="pull">Pull a public image that is not here; false only looks.</param>
    /// <exception cref="DeployMatrixException">Lists every image that cannot be had for its platform, and how to get it.</exception>
    public async Task EnsureAsync(IEnumerable<MatrixCell> cells, CancellationToken cancellationToken, bool pull = true)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var problems = new List<string>();
        foreach (var (reference, platform) in cells.Select(c => (c.Image, c.Platform)).Distinct())
        {
            var found = await FindAsync(reference, platform, cancellationToken).ConfigureAwait(false)
                        ?? (pull || IsBuiltHere(reference)
                            ? await PullAsync(reference, platform, problems, cancellationToken).ConfigureAwait(false)
                            : Missing(reference, platform, problems));
            if (found is not null)
            {
                _known[(reference, platform)] = found;
            }
        }

        if (problems.Count > 0)
        {
            throw new DeployMatrixException("Images this matrix needs are not here (no container was started):\n  " + string.Join("\n  ", problems));
        }
    }

    private static bool IsBuiltHere(string reference) => reference.StartsWith("deploymatrix/", StringComparison.Ordinal);

    private async Task<TargetImage?> FindAsync(string reference, Platform platform, CancellationToken cancellationToken)
    {
        foreach (var tag in IsBuiltHere(reference) ? [reference] : new[] { PulledAlias(reference, platform), reference })
        {
            var image = await InspectAsync(tag, cancellationToken).ConfigureAwait(false);
            if (image is not null && platform.IsPlatformOf(image.Os, image.Architecture))
            {
                return new TargetImage(reference, tag);
            }
        }

        return null;
    }

    private static TargetImage? Missing(string reference, Platform platform, List<string> problems)
    {
        problems.Add($"{reference} for {platform} is not here (not pulled: this run only looks)");
        return null;
    }

    private async Task<TargetImage?> PullAsync(string reference, Platform platform, List<string> problems, CancellationToken cancellationToken)
    {
        if (IsBuiltHere(reference))
        {
            var present = await InspectAsync(reference, cancellationToken).ConfigureAwait(false);
            problems.Add(present is null
                ? $"{reference} is missing: deploymatrix/ images are built here from the recipes in fixtures/images/images.yaml " +
                  "(`deploymatrix images list` names the tags they make); build them with `./dm setup` or `deploymatrix images build`"
                : $"{reference} is {present.Os}/{present.Architecture}, its cells run on {platform}: rebuild it with `deploymatrix images build`");
            return null;
        }

        try
        {
            await client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = reference, Platform = platform.Name }, null, new Progress<JSONMessage>(), cancellationToken)
                .ConfigureAwait(false);
            var (aliasRepository, aliasTag) = ImageReference.Split(PulledAlias(reference, platform));
            await client.Images.TagImageAsync(reference, new ImageTagParameters { RepositoryName = aliasRepository, Tag = aliasTag }, cancellationToken)
                .ConfigureAwait(false);
            return await FindAsync(reference, platform, cancellationToken).ConfigureAwait(false)
                   ?? throw new DeployMatrixException($"{reference} was pulled for {platform} but the engine holds another platform under it");
        }
        catch (DockerApiException e)
        {
            problems.Add($"{reference} for {platform} is not here and could not be pulled ({e.StatusCode}: {e.ResponseBody?.Trim()}); " +
                         $"pull it with `docker pull --platform {platform} {reference}` where a registry is reachable, then tag it {PulledAlias(reference, platform)}");
            return null;
        }
    }

    private async Task<ImageInspectResponse?> InspectAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Images.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }
}
