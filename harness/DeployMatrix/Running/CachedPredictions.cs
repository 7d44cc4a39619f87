using DeployMatrix.Engine;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;

namespace DeployMatrix.Running;

/// <summary>
/// Every cell's prediction from the images here and their cached fingerprints alone: no image is pulled, no
/// container created, no fingerprint taken. It asks the engine only about images, so it needs no
/// <see cref="HarnessSession"/>: nothing of this process is left to remove, nor need killed runs' leftovers be swept
/// first (the next session that starts containers does that).
/// </summary>
internal static class CachedPredictions
{
    /// <exception cref="DeployMatrixException">Names the images that are not here, or that have no cached fingerprint yet.</exception>
    public static async Task<PreparedMatrix> PredictAsync(
        DockerEngine engine, FingerprintCache cache, MatrixDefinition matrix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(matrix);
        using var images = new TargetImages(engine);
        await images.EnsureAsync(matrix.AllCells(), cancellationToken, pull: false).ConfigureAwait(false);

        var needed = matrix.AllCells().Select(cell => (Image: images.For(cell), cell.Platform)).DistinctBy(need => need.Image.ImageId).ToList();
        var cached = needed.ToDictionary(need => need.Image.ImageId, need => cache.TryRead(need.Image.ImageId), StringComparer.Ordinal);
        var missing = needed.Where(need => cached[need.Image.ImageId] is null).Select(need => $"{need.Image.LocalTag} ({need.Platform})").ToList();
        if (missing.Count > 0)
        {
            throw new DeployMatrixException(
                $"No fingerprint is cached for {string.Join(", ", missing)}: run the matrix once (or `deploymatrix run`) to take them.");
        }

        return PreparedMatrix.Plan(matrix, images.For, (image, _) => cached[image.ImageId]!);
    }
}
