using System.IO.Compression;
using System.Reflection;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// Which Debian package ships a library, by suite and architecture: read from Debian's Contents indexes by
/// <c>harness/catalog/convert-debian-contents.sh</c> and carried in this assembly, so that a remedy names the package
/// to install on a Debian target (<c>apt-get install libpq5</c>) the same way on every machine, with no network. A
/// library the index does not list, or a system it does not cover, gets no name: never a guess.
/// </summary>
internal static class LibraryPackages
{
    private const string ResourcePrefix = "DeployMatrix.Predictions.";

    private static readonly string[] Suites = ["bullseye", "bookworm", "trixie"];

    private static readonly Lazy<Dictionary<string, Dictionary<string, List<(string Package, string[]? Architectures)>>>> Indexes = new(Load);

    /// <summary>The packages that ship <paramref name="library"/> on the image's Debian suite and platform; empty when not known.</summary>
    public static IReadOnlyList<string> For(ImageFingerprint image, string library, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(platform);
        return Suite(image) is { } suite && Indexes.Value[suite].TryGetValue(library, out var shipping)
            ? [.. shipping.Where(s => s.Architectures is null || s.Architectures.Contains(platform.DebianArchitecture)).Select(s => s.Package).Distinct()]
            : [];
    }

    /// <summary>Where the names come from, for a remedy to say: <c>Debian bookworm's Contents index</c>; null for a system not covered.</summary>
    public static string? Source(ImageFingerprint image) => Suite(image) is { } suite ? $"Debian {suite}'s Contents index" : null;

    private static string? Suite(ImageFingerprint image) =>
        image.OsRelease is { Id: "debian", Codename: { } codename } && Suites.Contains(codename) ? codename : null;

    private static Dictionary<string, Dictionary<string, List<(string, string[]?)>>> Load() =>
        Suites.ToDictionary(suite => suite, suite =>
        {
            using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream($"{ResourcePrefix}debian-{suite}.libraries.tsv.gz")
                                 ?? throw new InvalidOperationException($"debian-{suite}.libraries.tsv.gz is not built into the library.");
            using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
            var index = new Dictionary<string, List<(string, string[]?)>>(StringComparer.Ordinal);
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                var fields = line.Split('\t');
                if (line.StartsWith('#') || fields.Length < 2)
                {
                    continue;
                }

                var architectures = fields.Length > 2 && fields[2].Length > 0 ? fields[2].Split(',') : null;
                var packages = index.TryGetValue(fields[0], out var known) ? known : index[fields[0]] = [];
                packages.AddRange(fields[1].Split(',').Select(package => (package, architectures)));
            }

            return index;
        }, StringComparer.Ordinal);
}
