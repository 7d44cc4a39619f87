using System.Reflection;
using System.Text.Json;
using DeployMatrix.Platforms;

namespace DeployMatrix.Distributions;

/// <summary>
/// The releases of distributions that predictions know from recorded data, not from running anything: the glibc
/// releases of mayeut/pep600_compliance and Alpine's releases with their musl, converted into the files of
/// <c>harness/catalog/</c> (each naming its source and licence) and carried inside this assembly. Nothing is fetched.
/// </summary>
internal sealed class DistributionCatalog
{
    private const string ResourcePrefix = "DeployMatrix.Distributions.";

    private static readonly Lazy<DistributionCatalog> Embedded = new(Load);

    private DistributionCatalog(IReadOnlyList<RecordedRelease> releases, IReadOnlyList<string> sources)
    {
        Releases = releases;
        Sources = sources;
    }

    /// <summary>The recorded releases carried in this assembly, read once.</summary>
    public static DistributionCatalog Recorded => Embedded.Value;

    public IReadOnlyList<RecordedRelease> Releases { get; }

    /// <summary>Where the facts come from, each with its commit and licence: for tables and reports to say.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The releases of one platform.</summary>
    public IEnumerable<RecordedRelease> For(Platform platform) => Releases.Where(release => release.Platform == platform);

    /// <summary>The recorded releases, and those of a team's fingerprint files in <paramref name="fingerprints"/> when given.</summary>
    public static DistributionCatalog With(string? fingerprints)
    {
        if (fingerprints is null)
        {
            return Recorded;
        }

        var own = FingerprintFiles.Load(fingerprints);
        return own.Count == 0
            ? Recorded
            : new DistributionCatalog([.. Recorded.Releases, .. own], [.. Recorded.Sources, $"fingerprinted: {own.Count} images in {Path.GetFileName(Path.TrimEndingDirectorySeparator(fingerprints))}/ (deploymatrix fingerprint)"]);
    }

    private static DistributionCatalog Load()
    {
        using var glibc = JsonDocument.Parse(Resource("distributions.json"));
        using var alpine = JsonDocument.Parse(Resource("alpine.json"));
        var source = glibc.RootElement.GetProperty("source");
        var commit = source.GetProperty("commit").GetString()!;
        var glibcSource = $"{Repository(source.GetProperty("repository").GetString()!)} at {commit[..7]} ({source.GetProperty("licence").GetString()}, {source.GetProperty("notice").GetString()})";
        var musl = MuslSymbols.Recorded(name => Resource(name));
        return new DistributionCatalog(
            [.. GlibcReleases(glibc.RootElement, glibcSource), .. AlpineReleases(alpine.RootElement, musl)],
            [
                $"glibc releases: {glibcSource}",
                "Alpine releases: alpinelinux/docker-alpine and docker-library/repo-info (each release's source in harness/catalog/alpine.json)",
                $"musl symbols: Debian's musl packages {string.Join(", ", musl.Keys)}, set right where Debian differs from upstream musl",
            ]);
    }

    private static IEnumerable<RecordedRelease> GlibcReleases(JsonElement root, string source)
    {
        foreach (var release in root.GetProperty("releases").EnumerateArray())
        {
            if (PlatformOf(release.GetProperty("arch").GetString()!) is not { } platform)
            {
                continue;
            }

            var versions = release.GetProperty("versions").EnumerateObject()
                .ToDictionary(family => family.Name, family => (IReadOnlyList<string>)[.. family.Value.EnumerateArray().Select(v => v.GetString()!)], StringComparer.Ordinal);
            var libraries = release.TryGetProperty("libraries", out var listed) ? listed.EnumerateArray().Select(l => l.GetString()!).ToList() : [];
            yield return new RecordedRelease(
                release.GetProperty("family").GetString()!,
                release.GetProperty("name").GetString()!,
                release.GetProperty("release").GetString()!,
                platform,
                new LibcInfo(LibcKind.Glibc, release.GetProperty("glibc").GetString()),
                versions,
                libraries,
                new Dictionary<string, string>(),
                null,
                Complete: false,
                $"{source}: {release.GetProperty("file").GetString()} at {release.GetProperty("commit").GetString()![..7]}");
        }
    }

    /// <summary>
    /// Every numbered Alpine release, on each platform Alpine builds (its musl is the same on all of them). Its base
    /// image holds no C++ runtime: a program that needs one needs <c>apk add libstdc++</c>.
    /// </summary>
    private static IEnumerable<RecordedRelease> AlpineReleases(JsonElement root, IReadOnlyDictionary<string, IReadOnlySet<string>> musl)
    {
        foreach (var release in root.GetProperty("releases").EnumerateArray())
        {
            var name = release.GetProperty("release").GetString()!;
            if (!char.IsAsciiDigit(name[0]))
            {
                continue; // edge is a moving target, not a release
            }

            var version = release.GetProperty("musl").GetString()!;
            var origin = release.GetProperty("source");
            var where = $"{Repository(origin.GetProperty("repository").GetString()!)} {(origin.TryGetProperty("branch", out var branch) ? $"branch {branch.GetString()}" : origin.GetProperty("path").GetString())}";
            var absent = new Dictionary<string, string>(StringComparer.Ordinal);
            var image = release.GetProperty("base_image");
            if (!image.GetProperty("libstdcxx").GetBoolean())
            {
                absent["libstdc++.so.6"] = "apk add libstdc++";
            }

            if (!image.GetProperty("libgcc").GetBoolean())
            {
                absent["libgcc_s.so.1"] = "apk add libgcc";
            }

            foreach (var platform in KnownPlatforms.All)
            {
                yield return new RecordedRelease(
                    "alpine", "Alpine", name, platform, new LibcInfo(LibcKind.Musl, version),
                    new Dictionary<string, IReadOnlyList<string>>(), [], absent, MuslSymbols.Of(version, musl), Complete: false,
                    $"{where}: {release.GetProperty("musl_package").GetString()}");
            }
        }
    }

    /// <summary>The platform of an architecture as the recorded data names it: <c>x86_64</c>, <c>aarch64</c>, <c>i686</c>.</summary>
    private static Platform? PlatformOf(string architecture) => KnownPlatforms.All.FirstOrDefault(p => p.UnameMachine == architecture);

    private static string Repository(string url) => url.Replace("https://github.com/", "", StringComparison.Ordinal);

    private static Stream Resource(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name)
        ?? throw new InvalidOperationException($"{name} is not built into {Assembly.GetExecutingAssembly().GetName().Name}.");
}
