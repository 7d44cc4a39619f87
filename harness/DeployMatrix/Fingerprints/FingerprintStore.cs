using DeployMatrix.Containers;
using DeployMatrix.Engine;
using System.Collections.Concurrent;
using DeployMatrix.Platforms;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// The fingerprints of target images, taken once per image id and cached on disk. Several may be taken at once, up to
/// a bound; requests for an image whose fingerprint is being taken wait for that one instead of taking another.
/// </summary>
internal sealed class FingerprintStore : IDisposable
{
    public const int DefaultMaxConcurrency = 2;

    private readonly IImageFingerprinter _fingerprinter;
    private readonly bool _ownsFingerprinter;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<ImageFingerprint>>> _inFlight = new(StringComparer.Ordinal);

    /// <param name="fingerprinter">Where images are inspected and fingerprints taken.</param>
    /// <param name="cacheDirectory">Where fingerprints are kept; null for <see cref="FingerprintCache.DefaultDirectory"/>.</param>
    /// <param name="maxConcurrency">How many fingerprints may be taken at once.</param>
    /// <param name="ownsFingerprinter">Dispose the fingerprinter (when disposable) with the store.</param>
    public FingerprintStore(
        IImageFingerprinter fingerprinter,
        string? cacheDirectory = null,
        int maxConcurrency = DefaultMaxConcurrency,
        bool ownsFingerprinter = false)
    {
        ArgumentNullException.ThrowIfNull(fingerprinter);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _fingerprinter = fingerprinter;
        _ownsFingerprinter = ownsFingerprinter;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        Cache = new FingerprintCache(cacheDirectory ?? FingerprintCache.DefaultDirectory());
    }

    public FingerprintCache Cache { get; }

    /// <summary>A store taking fingerprints on this engine, with the janitor's labels and, for musl's version, the runner.</summary>
    public static FingerprintStore OnEngine(
        DockerEngine engine, ContainerJanitor janitor, DockerContainerRunner runner, string? cacheDirectory = null, int maxConcurrency = DefaultMaxConcurrency) =>
        new(new DockerImageFingerprinter(engine, janitor, runner), cacheDirectory, maxConcurrency, ownsFingerprinter: true);

    /// <summary>
    /// The fingerprint of the image a local tag names: from the cache when it holds a complete one for the image's id,
    /// else taken now (a container is created, exported and removed; never started, but for musl's version) and cached.
    /// </summary>
    /// <exception cref="DeployMatrixException">The image is not here, or is not of <paramref name="platform"/>.</exception>
    public async Task<ImageFingerprint> GetAsync(string localTag, Platform platform, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localTag);
        ArgumentNullException.ThrowIfNull(platform);
        var image = await InspectAsync(localTag, platform, cancellationToken).ConfigureAwait(false);
        if (Cache.TryRead(image.Id) is { IsComplete: true } cached && cached.Platform == platform.Name)
        {
            return cached;
        }

        var shared = _inFlight.GetOrAdd(image.Id, _ => new Lazy<Task<ImageFingerprint>>(() => TakeAndCacheAsync(image, platform)));
        return await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cached fingerprint of an image id (complete or not), or null. Touches neither engine nor container.</summary>
    public ImageFingerprint? TryGetCached(string imageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imageId);
        return Cache.TryRead(imageId);
    }

    public void Dispose()
    {
        // Takes under way end at their next step and remove their containers; the token source and the semaphore
        // stay usable for them (neither holds anything a finaliser would not release).
        _lifetime.Cancel();
        if (_ownsFingerprinter && _fingerprinter is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static void RequirePlatform(ImageIdentity image, Platform platform)
    {
        if (!string.Equals(image.Platform, platform.Name, StringComparison.Ordinal))
        {
            throw new DeployMatrixException(
                $"{image.Reference} is {image.Platform}, not {platform}: its fingerprint would describe another platform's loader");
        }
    }

    private async Task<ImageIdentity> InspectAsync(string localTag, Platform platform, CancellationToken cancellationToken)
    {
        var image = await _fingerprinter.InspectAsync(localTag, cancellationToken).ConfigureAwait(false)
                    ?? throw new DeployMatrixException($"{localTag} is not here: no fingerprint can be taken of it");
        RequirePlatform(image, platform);
        return image;
    }

    /// <summary>
    /// Takes one image's fingerprint for whoever asks while it runs. It runs to the end even when they stop waiting
    /// (only the store's disposal cancels it), so the work is not lost; the entry goes when it ends, and from then on
    /// the cache file answers.
    /// </summary>
    private async Task<ImageFingerprint> TakeAndCacheAsync(ImageIdentity image, Platform platform)
    {
        var token = _lifetime.Token;
        try
        {
            // Another store (or process) may have cached it since this one looked.
            if (Cache.TryRead(image.Id) is { IsComplete: true } cached && cached.Platform == platform.Name)
            {
                return cached;
            }

            await _slots.WaitAsync(token).ConfigureAwait(false);
            ImageFingerprint fingerprint;
            try
            {
                fingerprint = await _fingerprinter.TakeAsync(image, platform, token).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }

            TryWrite(fingerprint);
            return fingerprint;
        }
        finally
        {
            _inFlight.TryRemove(image.Id, out _);
        }
    }

    private void TryWrite(ImageFingerprint fingerprint)
    {
        try
        {
            Cache.Write(fingerprint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unwritable cache costs time on the next lookup, not correctness: this fingerprint is still returned.
        }
    }
}
