using System.Collections.Concurrent;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Fingerprints;

/// <summary>
/// The fingerprints of the local target images, each taken once for a test class (in a cache directory of its own)
/// and shared by its specifications.
/// </summary>
public sealed class FingerprintedImages : IDisposable
{
    private readonly TemporaryCacheDirectory _cache = new();
    private readonly ConcurrentDictionary<string, Task<ImageFingerprint>> _taken = new(StringComparer.Ordinal);

    public FingerprintedImages(ContainerHarness harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        Store = FingerprintStore.OnEngine(harness.Session.Engine, harness.Session.Janitor, harness.Session.Containers, _cache.Path, maxConcurrency: 3);
    }

    internal FingerprintStore Store { get; }

    internal Task<ImageFingerprint> Of(string localTag, Platform platform) =>
        _taken.GetOrAdd(localTag, tag => Store.GetAsync(tag, platform, CancellationToken.None));

    public void Dispose()
    {
        Store.Dispose();
        _cache.Dispose();
    }
}
