namespace DeployMatrix.Images;

/// <summary>The C library an image provides, as the catalog declares it: kind and upstream version.</summary>
public sealed record LibcInfo(LibcKind Kind, string? Version)
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
    public void Verify(string package, string packageVersion)
    {
        var upstream = DebianVersion.Upstream(packageVersion);
        if (upstream != Version)
        {
            throw new DeployMatrixException(
                $"the catalog declares {this} but package {package} is version {packageVersion} ({NameOf(Kind)} {upstream}); " +
                "correct libc.version (and the tag) in the catalog");
        }
    }

    /// <summary>As the labels and tables show it: <c>glibc 2.36</c>, <c>musl 1.2.3</c>, <c>none</c>.</summary>
    public override string ToString() => Kind == LibcKind.None ? NameOf(Kind) : $"{NameOf(Kind)} {Version}";
}
