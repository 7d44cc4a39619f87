using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>The catalog's promise about an image's C library, checked against what the build really put in it.</summary>
internal static class CatalogLibc
{
    /// <summary>
    /// Fails unless a Debian package version (<c>2.36-9+deb12u10</c>) is the declared upstream version: the packages
    /// an image is made of come from the archive of the day, and the catalog's promise must not drift silently.
    /// </summary>
    public static void Verify(this LibcInfo declared, string package, string packageVersion) =>
        declared.VerifyUpstream($"package {package} is version {packageVersion}", DebianVersion.Upstream(packageVersion));

    /// <summary>Fails unless <paramref name="upstream"/>, found as <paramref name="source"/> says, is the declared version.</summary>
    public static void VerifyUpstream(this LibcInfo declared, string source, string upstream)
    {
        if (upstream != declared.Version)
        {
            throw new DeployMatrixException(
                $"the catalog declares {declared} but {source} ({LibcInfo.NameOf(declared.Kind)} {upstream}); correct libc.version (and the tag) in the catalog");
        }
    }
}
