using System.Diagnostics;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Fingerprints;

/// <summary>
/// A fingerprint is taken once per image id and then read from its cache file: a second lookup starts no container,
/// a damaged or outdated file is taken again, and requests that arrive together share one take.
/// </summary>
public sealed class FingerprintStoreSpecs(ContainerHarness harness) : IDisposable
{
    // Small images: each specification takes its fingerprint anew, in a cache of its own.
    private const string Debian = "deploymatrix/debian:12-amd64";
    private const string Scratch = "deploymatrix/scratch:arm64";

    private readonly TemporaryCacheDirectory _cache = new();
    private readonly List<IDisposable> _owned = [];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_lookup_is_served_from_the_cache_without_a_container()
    {
        var (store, counter) = NewStore();

        var first = await store.GetAsync(Debian, KnownPlatforms.Amd64, Cancellation);
        var clock = Stopwatch.StartNew();
        var second = await store.GetAsync(Debian, KnownPlatforms.Amd64, Cancellation);
        var cached = clock.Elapsed;

        Assert.Equal(1, counter.Takes);
        Assert.True(File.Exists(store.Cache.PathFor(first.ImageId)));
        Assert.Equal(first, second);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Debian}: taken in {first.Timings.Total.TotalMilliseconds:F0} ms, cached lookup {cached.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task Another_store_on_the_same_cache_takes_nothing()
    {
        var (store, _) = NewStore();
        var first = await store.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation);

        var (other, counter) = NewStore();
        var second = await other.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation);

        Assert.Equal(0, counter.Takes);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_corrupt_cache_file_is_taken_again_and_rewritten()
    {
        var (store, counter) = NewStore();
        var first = await store.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation);
        var file = store.Cache.PathFor(first.ImageId);
        await File.WriteAllTextAsync(file, "{\"formatVersion\":1,\"imageId\":", Cancellation);

        var second = await store.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation);

        Assert.Equal(2, counter.Takes);
        Assert.Equal(first with { TakenAt = second.TakenAt, Timings = second.Timings }, second);
        Assert.Equal(second, FingerprintJson.Deserialize(await File.ReadAllBytesAsync(file, Cancellation)));
    }

    [Fact]
    public async Task A_cache_file_of_another_format_version_is_taken_again()
    {
        var (store, counter) = NewStore();
        var first = await store.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation);
        store.Cache.Write(first with { FormatVersion = ImageFingerprint.CurrentFormatVersion - 1 });

        Assert.Null(store.TryGetCached(first.ImageId));
        var second = await store.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation);

        Assert.Equal(2, counter.Takes);
        Assert.Equal(ImageFingerprint.CurrentFormatVersion, second.FormatVersion);
        Assert.Equal(second, store.TryGetCached(first.ImageId));
    }

    [Fact]
    public async Task A_cache_file_written_for_another_image_id_is_not_believed()
    {
        var (store, _) = NewStore();
        var scratch = await store.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation);
        File.Copy(store.Cache.PathFor(scratch.ImageId), store.Cache.PathFor("sha256:0000"));

        Assert.Null(store.TryGetCached("sha256:0000"));
    }

    [Fact]
    public async Task Requests_that_arrive_together_share_one_take()
    {
        var (store, counter) = NewStore();
        counter.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 4).Select(_ => store.GetAsync(Scratch, KnownPlatforms.Arm64, Cancellation)).ToList();
        await Task.Delay(200, Cancellation);
        counter.Gate.SetResult();
        var fingerprints = await Task.WhenAll(requests);

        Assert.Equal(1, counter.Takes);
        Assert.All(fingerprints, f => Assert.Same(fingerprints[0], f));
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _cache.Dispose();
    }

    private (FingerprintStore Store, CountingFingerprinter Counter) NewStore()
    {
        var session = harness.Session;
        var engine = new DockerImageFingerprinter(session.Engine, session.Janitor, session.Containers);
        var counter = new CountingFingerprinter(engine);
        var store = new FingerprintStore(counter, _cache.Path);
        _owned.Add(store);
        _owned.Add(engine);
        return (store, counter);
    }
}
