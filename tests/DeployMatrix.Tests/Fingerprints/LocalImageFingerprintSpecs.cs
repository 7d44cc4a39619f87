using System.Diagnostics;
using System.Globalization;
using DeployMatrix.Fingerprints;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Fingerprints;

/// <summary>
/// Every local target image, fingerprinted from its files, is the C library its build declared in its label; once
/// taken, its fingerprint is read back from the cache, not taken again (equal to the first, when it was taken
/// included). The output lists how long each took; speed targets are the benchmark's (<c>./dm bench</c>).
/// </summary>
public sealed class LocalImageFingerprintSpecs(ContainerHarness harness)
{
    public static TheoryData<string, string> Images
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (architecture, platform) in new[] { ("amd64", "linux/amd64"), ("i386", "linux/386"), ("arm64", "linux/arm64") })
            {
                foreach (var release in new[] { "11", "12", "13" })
                {
                    data.Add($"deploymatrix/debian:{release}-{architecture}", platform);
                }

                data.Add($"deploymatrix/musl:1.2.3-{architecture}", platform);
                data.Add($"deploymatrix/scratch:{architecture}", platform);
                if (architecture != "i386")
                {
                    foreach (var variant in new[] { "static", "base", "cc" })
                    {
                        data.Add($"deploymatrix/distroless:{variant}-debian12-{architecture}", platform);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task An_image_is_the_libc_its_label_declares_and_is_read_back_from_the_cache(string tag, string platformName)
    {
        var platform = KnownPlatforms.Find(platformName)!;
        var cancellation = TestContext.Current.CancellationToken;
        using var cache = new TemporaryCacheDirectory();
        using var store = FingerprintStore.OnEngine(harness.Session.Engine, harness.Session.Janitor, harness.Session.Containers, cache.Path);

        var clock = Stopwatch.StartNew();
        var taken = await store.GetAsync(tag, platform, cancellation);
        var first = clock.Elapsed;
        clock.Restart();
        var cached = await store.GetAsync(tag, platform, cancellation);
        var second = clock.Elapsed;
        clock.Restart();
        var cachedOnly = store.TryGetCached(taken.ImageId);
        var third = clock.Elapsed;

        Assert.Equal(await LabelledLibcAsync(tag, cancellation), taken.Libc.ToString());
        Assert.Equal(taken, cached);
        Assert.Equal(taken, cachedOnly);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tag,-36} {taken.Libc,-12} {taken.Libraries.Count,4} names  first {first.TotalMilliseconds,6:F0} ms " +
            $"(scan {taken.Timings.Scan.TotalMilliseconds:F0}, probe {taken.Timings.LibcProbe.TotalMilliseconds:F0})  " +
            $"cached GetAsync {second.TotalMilliseconds:F1} ms, TryGetCached {third.TotalMilliseconds:F1} ms, " +
            $"{new FileInfo(store.Cache.PathFor(taken.ImageId)).Length / 1024} KiB"));
    }

    private async Task<string?> LabelledLibcAsync(string tag, CancellationToken cancellationToken)
    {
        using var client = harness.Session.Engine.CreateClient();
        var image = await client.Images.InspectImageAsync(tag, cancellationToken);
        string? libc = null;
        image.Config?.Labels?.TryGetValue(ImageLabels.Libc, out libc);
        return libc;
    }
}
