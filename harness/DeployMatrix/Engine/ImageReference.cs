namespace DeployMatrix.Engine;

/// <summary>The parts of an image reference as Docker's API takes them apart: repository and tag.</summary>
public static class ImageReference
{
    /// <summary>
    /// <c>debian:12</c> is (<c>debian</c>, <c>12</c>); with no tag the tag is <c>latest</c>. A colon before the last
    /// '/' is a registry's port, not a tag: <c>registry:5000/app</c> is (<c>registry:5000/app</c>, <c>latest</c>).
    /// </summary>
    public static (string Repository, string Tag) Split(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }
}
