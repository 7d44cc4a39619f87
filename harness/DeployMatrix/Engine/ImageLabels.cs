namespace DeployMatrix.Engine;

/// <summary>Labels on every image DeployMatrix builds.</summary>
internal static class ImageLabels
{
    /// <summary>The recipe hash: an image whose label differs from the current hash is rebuilt.</summary>
    public const string Recipe = "io.deploymatrix.recipe";

    /// <summary>For people: <c>glibc 2.36</c>, <c>musl 1.2.3</c>, <c>none</c>.</summary>
    public const string Libc = "io.deploymatrix.libc";

    /// <summary>For people, on images that stand in for a system: <c>glibc 2.17 as on CentOS 7 / RHEL 7; not that system</c>.</summary>
    public const string Equivalent = "io.deploymatrix.equivalent";

    /// <summary>For people: <c>linux/arm64</c>.</summary>
    public const string Platform = "io.deploymatrix.platform";
}
