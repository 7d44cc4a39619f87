using DeployMatrix.Distributions;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Distributions;

/// <summary>
/// The recorded catalog agrees with what runs here: its Debian 11, 12 and 13 rows with the fingerprints of the
/// deploymatrix/debian images built from Debian's own packages, and its CentOS 7 row with deploymatrix/glibc:2.17 (the
/// runtime of CentOS 7's glibc and libstdc++), platform by platform, in every GLIBC, GLIBCXX and CXXABI name. Where
/// the two really differ, the difference is listed below with its reason, and must be exactly that.
/// </summary>
public sealed class CatalogCrossCheckSpecs(ContainerHarness harness)
{
    /// <summary>Names only one side has, by row and platform, each with why; every other difference fails.</summary>
    private static readonly Dictionary<(string Row, string Platform), (string[] OnlyRecorded, string[] OnlyInImage, string Why)> Explained = new()
    {
        [("Debian 13", "linux/amd64")] = ([], ["GLIBC_ABI_DT_X86_64_PLT", "GLIBC_ABI_GNU2_TLS"],
            "Debian's glibc 2.41-12+deb13u3 stopped reverting these ABI-flag versions (its changelog); the record read an earlier Debian 13 package"),
        [("Debian 13", "linux/386")] = ([], ["GLIBC_ABI_GNU2_TLS", "GLIBC_ABI_GNU_TLS"],
            "Debian's glibc 2.41-12+deb13u3 stopped reverting these ABI-flag versions (its changelog); the record read an earlier Debian 13 package"),
        [("CentOS 7", "linux/arm64")] = (["GLIBC_2.18"], [],
            "CentOS 7's aarch64 libraries define GLIBC_2.18 (RHEL's aarch64 runtime carries backports); the crosstool-NG glibc 2.17 of the npm sysroot does not"),
    };

    /// <summary>
    /// The libraries whose GLIBC names the record unites, as pep600_compliance measures them: glibc's own (not its
    /// loader) and libgcc_s, which defines GLIBC_2.0 on aarch64.
    /// </summary>
    private static readonly string[] GlibcNamesFrom = ["libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "libresolv.so.2", "libanl.so.1", "libgcc_s.so.1"];

    public static TheoryData<string, string, string, string> Rows => new()
    {
        { "Debian", "11", "linux/amd64", "deploymatrix/debian:11-amd64" },
        { "Debian", "11", "linux/386", "deploymatrix/debian:11-i386" },
        { "Debian", "11", "linux/arm64", "deploymatrix/debian:11-arm64" },
        { "Debian", "12", "linux/amd64", "deploymatrix/debian:12-amd64" },
        { "Debian", "12", "linux/386", "deploymatrix/debian:12-i386" },
        { "Debian", "12", "linux/arm64", "deploymatrix/debian:12-arm64" },
        { "Debian", "13", "linux/amd64", "deploymatrix/debian:13-amd64" },
        { "Debian", "13", "linux/386", "deploymatrix/debian:13-i386" },
        { "Debian", "13", "linux/arm64", "deploymatrix/debian:13-arm64" },
        { "CentOS", "7", "linux/amd64", "deploymatrix/glibc:2.17-amd64" },
        { "CentOS", "7", "linux/arm64", "deploymatrix/glibc:2.17-arm64" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task A_recorded_row_defines_the_same_GLIBC_GLIBCXX_and_CXXABI_names_as_the_image_built_here(string distribution, string release, string platformName, string image)
    {
        var platform = KnownPlatforms.Find(platformName)!;
        var recorded = DistributionCatalog.Recorded.For(platform).Single(r => r.Name == distribution && r.Release == release);
        var fingerprint = await harness.Session.Fingerprints.GetAsync(image, platform, TestContext.Current.CancellationToken);

        var (onlyRecorded, onlyInImage) = (new List<string>(), new List<string>());
        foreach (var family in new[] { "GLIBC", "GLIBCXX", "CXXABI" })
        {
            var inCatalog = recorded.Versions.GetValueOrDefault(family, []).Select(version => $"{family}_{version}").ToHashSet(StringComparer.Ordinal);
            var inImage = Defined(fingerprint, family).ToHashSet(StringComparer.Ordinal);
            onlyRecorded.AddRange(inCatalog.Except(inImage));
            onlyInImage.AddRange(inImage.Except(inCatalog));
        }

        var explained = Explained.GetValueOrDefault(($"{distribution} {release}", platformName), ([], [], "no difference is known"));
        Assert.True(
            onlyRecorded.Order().SequenceEqual(explained.OnlyRecorded.Order()) && onlyInImage.Order().SequenceEqual(explained.OnlyInImage.Order()),
            $"{recorded} against {image}: only recorded [{string.Join(", ", onlyRecorded.Order())}], only in the image [{string.Join(", ", onlyInImage.Order())}]; " +
            $"expected only recorded [{string.Join(", ", explained.OnlyRecorded)}], only in the image [{string.Join(", ", explained.OnlyInImage)}] ({explained.Why})");
    }

    /// <summary>The names of a family that the image's libraries define: see <see cref="GlibcNamesFrom"/> for GLIBC, libstdc++'s for the others.</summary>
    private static IEnumerable<string> Defined(ImageFingerprint fingerprint, string family)
    {
        var libraries = family == "GLIBC"
            ? fingerprint.Libraries.Where(l => GlibcNamesFrom.Contains(l.Name))
            : fingerprint.Libraries.Where(l => l.Name == "libstdc++.so.6");
        return libraries.SelectMany(l => l.VersionDefinitions).Where(v => v.StartsWith(family + "_", StringComparison.Ordinal) && !v.EndsWith("_PRIVATE", StringComparison.Ordinal)).Distinct();
    }
}
