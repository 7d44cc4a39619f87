namespace DeployMatrix.Images;

/// <summary>Debian package versions: <c>[epoch:]upstream[-revision]</c>.</summary>
internal static class DebianVersion
{
    /// <summary>The upstream part: <c>1:1.35.0-4+deb12u1</c> gives <c>1.35.0</c>, <c>2.36-9</c> gives <c>2.36</c>.</summary>
    public static string Upstream(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var start = version.IndexOf(':', StringComparison.Ordinal) + 1;
        var end = version.LastIndexOf('-');
        return end > start ? version[start..end] : version[start..];
    }
}
