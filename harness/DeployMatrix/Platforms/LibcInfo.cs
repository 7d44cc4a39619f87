namespace DeployMatrix.Platforms;

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

    /// <summary>As the labels and tables show it: <c>glibc 2.36</c>, <c>musl 1.2.3</c>, <c>none</c>, <c>musl (version unknown)</c>.</summary>
    public override string ToString() => Kind switch
    {
        LibcKind.None => NameOf(Kind),
        _ when Version is null => $"{NameOf(Kind)} (version unknown)",
        _ => $"{NameOf(Kind)} {Version}",
    };
}
