namespace DeployMatrix.Images;

/// <summary>
/// The C library an image provides: kind and upstream version, as the catalog declares it or as a fingerprint found
/// it (where the version may be unknown).
/// </summary>
internal sealed record LibcInfo(LibcKind Kind, string? Version)
{
    /// <summary>The kinds by the names the catalog and the labels use.</summary>
    public static readonly IReadOnlyDictionary<string, LibcKind> KindsByName = new Dictionary<string, LibcKind>
    {
        ["glibc"] = LibcKind.Glibc,
        ["musl"] = LibcKind.Musl,
        ["none"] = LibcKind.None,
    };

    public static readonly LibcInfo None = new(LibcKind.None, null);

    public static string NameOf(LibcKind kind) => KindsByName.Single(pair => pair.Value == kind).Key;

    /// <summary>
    /// Fails unless a Debian package version (<c>2.36-9+deb12u10</c>) is this upstream version: the packages an image
    /// is made of come from the archive of the day, and the catalog's promise must not drift silently.
    /// </summary>
    public void Verify(string package, string packageVersion) =>
        VerifyUpstream($"package {package} is version {packageVersion}", DebianVersion.Upstream(packageVersion));

    /// <summary>Fails unless <paramref name="upstream"/>, found as <paramref name="source"/> says, is this version.</summary>
    public void VerifyUpstream(string source, string upstream)
    {
        if (upstream != Version)
        {
            throw new DeployMatrixException(
                $"the catalog declares {this} but {source} ({NameOf(Kind)} {upstream}); correct libc.version (and the tag) in the catalog");
        }
    }

    /// <summary>As the labels and tables show it: <c>glibc 2.36</c>, <c>musl 1.2.3</c>, <c>none</c>, <c>musl (version unknown)</c>.</summary>
    public override string ToString() => Kind switch
    {
        LibcKind.None => NameOf(Kind),
        _ when Version is null => $"{NameOf(Kind)} (version unknown)",
        _ => $"{NameOf(Kind)} {Version}",
    };
}
