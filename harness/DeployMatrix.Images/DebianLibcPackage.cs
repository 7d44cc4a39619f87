using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// The Debian package that is each kind of C library: its version is the one an image's catalog entry must declare.
/// </summary>
internal static class DebianLibcPackage
{
    public const string Glibc = "libc6";

    public const string Musl = "musl";

    /// <summary>The C library packages by name.</summary>
    public static readonly IReadOnlyDictionary<string, LibcKind> Kinds = new Dictionary<string, LibcKind>(StringComparer.Ordinal)
    {
        [Glibc] = LibcKind.Glibc,
        [Musl] = LibcKind.Musl,
    };

    /// <summary>Fails unless the unpacked <paramref name="package"/> is the libc version the image's entry declares.</summary>
    public static void Verify(RootfsBuildContext context, IReadOnlyList<DebianPackageFile> unpacked, string package)
    {
        ArgumentNullException.ThrowIfNull(context);
        var deb = unpacked.Single(d => d.Package == package);
        context.Image.Libc.Verify(deb.Package, deb.Version);
    }
}
