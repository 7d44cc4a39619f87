using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Distributions;

/// <summary>
/// What a recorded release's loader offers a binary, as a fingerprint the predictor reads like an image's: its
/// loader, and a library for each family of version names recorded (glibc's own libraries define the GLIBC names,
/// libstdc++ the GLIBCXX and CXXABI ones, ...). Libraries listed without versions are there, with versions unknown.
/// </summary>
internal static class RecordedFingerprint
{
    /// <summary>glibc's libraries, every one of which each glibc release has; the GLIBC names stand for all of them.</summary>
    private static readonly string[] GlibcLibraries = ["libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libresolv.so.2", "libanl.so.1"];

    /// <summary>Which library defines the names of a recorded family.</summary>
    private static readonly (string Family, string Library)[] FamilyLibraries =
    [
        ("GLIBCXX", "libstdc++.so.6"),
        ("CXXABI", "libstdc++.so.6"),
        ("GCC", "libgcc_s.so.1"),
        ("ZLIB", "libz.so.1"),
        ("LIBATOMIC", "libatomic.so.1"),
    ];

    /// <summary>What a library whose version names nobody recorded says in place of them.</summary>
    public const string NotRecorded = "its version names are not recorded";

    public static ImageFingerprint Of(RecordedRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        if (release.Fingerprint is { } taken)
        {
            return taken;
        }

        var platform = release.Platform;
        var musl = release.Libc.Kind == LibcKind.Musl;
        var interpreter = musl ? platform.MuslInterpreter : platform.GlibcInterpreter;
        var libraries = new Dictionary<string, ImageLibrary>(StringComparer.Ordinal);
        if (!musl)
        {
            var glibc = Names(release, "GLIBC");
            foreach (var name in GlibcLibraries)
            {
                libraries[name] = Library(name, glibc);
            }

            // The loader is there, but the record does not measure what it defines (GLIBC_ABI_* flags, for one).
            libraries[Path.GetFileName(interpreter)] = Library(Path.GetFileName(interpreter), []) with { ReadError = NotRecorded };

            foreach (var group in FamilyLibraries.Where(f => release.Versions.ContainsKey(f.Family)).GroupBy(f => f.Library))
            {
                libraries[group.Key] = Library(group.Key, [.. group.SelectMany(f => Names(release, f.Family))]);
            }
        }

        foreach (var name in release.Libraries.Where(name => !libraries.ContainsKey(name)))
        {
            libraries[name] = Library(name, []) with { ReadError = NotRecorded };
        }

        return new ImageFingerprint
        {
            ImageId = $"recorded:{release.Label}/{platform.UnameMachine}",
            Reference = release.Label,
            Platform = platform.Name,
            Libc = release.Libc,
            Interpreters = [interpreter],
            Libraries = [.. libraries.Values],
            LoaderProvidedPrefixes = musl ? LoaderView.MuslReservedPrefixes : [],
        };
    }

    private static IEnumerable<string> Names(RecordedRelease release, string family) =>
        release.Versions.TryGetValue(family, out var versions) ? versions.Select(version => $"{family}_{version}") : [];

    private static ImageLibrary Library(string name, IEnumerable<string> versions) =>
        new() { Name = name, Path = $"/recorded/{name}", RealPath = $"/recorded/{name}", VersionDefinitions = [.. versions] };
}
