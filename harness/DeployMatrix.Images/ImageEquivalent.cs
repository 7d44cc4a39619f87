using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// What an image has the runtime of without being it: a system (<c>CentOS 7 / RHEL 7</c>) or an image made elsewhere
/// (<c>gcr.io/distroless/base-debian12</c>). Said in a label, so that nobody reads a result there as a run on it.
/// </summary>
/// <param name="Name">The system as people name it, or the image's reference.</param>
/// <param name="IsImage">An image made elsewhere rather than a system.</param>
internal sealed record ImageEquivalent(string Name, bool IsImage)
{
    private const string SystemKey = "system";
    private const string ImageKey = "image";

    /// <summary>The recipe-hash field. A system's is as it was before images could be named, so that its image kept its hash.</summary>
    public KeyValuePair<string, string> Fingerprint => new(IsImage ? "equivalent image" : "equivalent", Name);

    /// <summary><c>equivalent: { system: NAME }</c> or <c>equivalent: { image: REFERENCE }</c>.</summary>
    internal static ImageEquivalent FromCatalog(CatalogNode node)
    {
        node.AllowOnlyKeys([SystemKey, ImageKey]);
        return (node.OptionalChild(SystemKey), node.OptionalChild(ImageKey)) switch
        {
            ({ } system, null) => new ImageEquivalent(system.Text(), IsImage: false),
            (null, { } image) when ImageReference.Problem(image.Text()) is { } problem =>
                throw image.Error($"'{image.Text()}' is not an image reference: {problem}"),
            (null, { } image) => new ImageEquivalent(image.Text(), IsImage: true),
            _ => throw node.Error($"give one of '{SystemKey}' (a system, such as CentOS 7) or '{ImageKey}' (an image's reference)"),
        };
    }

    /// <summary>The libc as people read it: <c>glibc 2.17 as on CentOS 7; not that system</c>.</summary>
    public string Describe(LibcInfo libc) => $"{libc} as on {Name}; not that {(IsImage ? ImageKey : SystemKey)}";
}
