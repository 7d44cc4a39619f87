using DeployMatrix.Images;

namespace DeployMatrix.Fingerprints;

/// <summary>The C library an image was found to provide, read from the image itself rather than from its labels.</summary>
/// <param name="Kind">glibc, musl or none.</param>
/// <param name="Version">The upstream version (<c>2.36</c>, <c>1.2.3</c>), or null when it could not be learnt.</param>
public sealed record DetectedLibc(LibcKind Kind, string? Version)
{
    public static readonly DetectedLibc None = new(LibcKind.None, null);

    /// <summary>As the labels show it, <c>glibc 2.36</c>, <c>musl 1.2.3</c>, <c>none</c>; or <c>musl (version unknown)</c>.</summary>
    public override string ToString() => Kind switch
    {
        LibcKind.None => LibcInfo.NameOf(Kind),
        _ when Version is null => $"{LibcInfo.NameOf(Kind)} (version unknown)",
        _ => $"{LibcInfo.NameOf(Kind)} {Version}",
    };
}
