using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;
using DeployMatrix.Running;
using DeployMatrix.Tests.Fingerprints;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Running;

/// <summary>
/// Predictions from the cache alone (what <c>deploymatrix predict</c> shows) need the engine's images and the cached
/// fingerprints, nothing else: an image with no cached fingerprint is named, not fingerprinted.
/// </summary>
public sealed class CachedPredictionsSpecs(ContainerHarness harness) : IDisposable
{
    private readonly TemporaryCacheDirectory _cache = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_image_without_a_cached_fingerprint_is_named_and_one_with_it_is_predicted()
    {
        using var file = new MatrixFile("""
            binaries:
              - name: hello
                path: bin/linux-arm64/hello
            targets:
              - name: scratch
                image: deploymatrix/scratch:{arch}
                platforms: [linux/arm64]
            """);
        var matrix = MatrixReader.Load(file.Directory, []);
        var cache = new FingerprintCache(_cache.Path);

        var missing = await Assert.ThrowsAsync<DeployMatrixException>(
            () => CachedPredictions.PredictAsync(harness.Session.Engine, cache, matrix, Cancellation));
        ImageFingerprint taken;
        using (var store = FingerprintStore.OnEngine(harness.Session.Engine, harness.Session.Janitor, harness.Session.Containers, _cache.Path))
        {
            taken = await store.GetAsync("deploymatrix/scratch:arm64", KnownPlatforms.Arm64, Cancellation);
        }

        var prepared = await CachedPredictions.PredictAsync(harness.Session.Engine, cache, matrix, Cancellation);

        Assert.Equal(
            "No fingerprint is cached for deploymatrix/scratch:arm64 (linux/arm64): run the matrix once (or `deploymatrix run`) to take them.",
            missing.Message);
        Assert.Equal(taken, prepared.PlanOf(matrix.Cells().Single()).Predicted.Image);
    }

    public void Dispose() => _cache.Dispose();
}
