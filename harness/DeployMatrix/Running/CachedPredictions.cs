using DeployMatrix.Engine;
using DeployMatrix.Exports;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;

namespace DeployMatrix.Running;

/// <summary>
/// Every cell's prediction from the images here and their cached fingerprints alone: no image is pulled, no
/// container created, no fingerprint taken (but for root file system targets, whose files are read now). It asks the
/// engine only about images, so it needs no <see cref="HarnessSession"/>: nothing of this process is left to remove,
/// nor need killed runs' leftovers be swept first (the next session that starts containers does that).
/// </summary>
internal static class CachedPredictions
{
    /// <param name="engine">Where the images are; null where no engine answers: then the images exported for this user (<see cref="ImageExports"/>), or none.</param>
    /// <param name="cache">The fingerprints taken of images.</param>
    /// <param name="matrix">The matrix.</param>
    /// <param name="cancellationToken">Cancels the questions.</param>
    /// <exception cref="DeployMatrixException">Names the images that are not here, or that have no cached fingerprint yet.</exception>
    public static async Task<PreparedMatrix> PredictAsync(
        DockerEngine? engine, FingerprintCache cache, MatrixDefinition matrix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(matrix);
        var imageCells = matrix.AllCells().Where(cell => cell.Target.Root is null).ToList();
        var exports = engine is null ? ImageExports.OfThisUser() : null;
        using var images = imageCells.Count == 0 ? null : engine is null ? TargetImages.Exported(exports!) : new TargetImages(engine);
        if (images is not null)
        {
            await images.EnsureAsync(imageCells, cancellationToken, pull: false).ConfigureAwait(false);
        }

        var needed = imageCells.Select(cell => (Image: images!.For(cell), cell.Platform)).DistinctBy(need => need.Image.ImageId).ToList();
        var cached = needed.ToDictionary(
            need => need.Image.ImageId, need => cache.TryRead(need.Image.ImageId) ?? exports?.Fingerprint(need.Image.LocalTag, need.Image.ImageId), StringComparer.Ordinal);
        var missing = needed.Where(need => cached[need.Image.ImageId] is null).Select(need => $"{need.Image.LocalTag} ({need.Platform})").ToList();
        if (missing.Count > 0)
        {
            throw new DeployMatrixException(
                $"No fingerprint is cached for {string.Join(", ", missing)}: run the matrix once (or `deploymatrix run`) to take them.");
        }

        var roots = new TargetRoots();
        var rootCells = matrix.AllCells().Where(cell => cell.Target.Root is not null).Select(cell => (Image: TargetRoots.For(cell), cell.Platform)).Distinct().ToList();
        var read = await Task.WhenAll(rootCells.Select(root => roots.FingerprintAsync(root.Image, root.Platform, cancellationToken))).ConfigureAwait(false);
        var rootFingerprints = rootCells.Select((root, i) => (root, read[i])).ToDictionary(x => (x.root.Image.LocalTag, x.root.Platform), x => x.Item2);

        return PreparedMatrix.Plan(
            matrix,
            cell => cell.Target.Root is null ? images!.For(cell) : TargetRoots.For(cell),
            (image, platform) => image.IsRoot ? rootFingerprints[(image.LocalTag, platform)] : cached[image.ImageId]!);
    }
}
