namespace DeployMatrix.Fingerprints;

/// <summary>How long taking one fingerprint took.</summary>
/// <param name="Scan">Creating the container, streaming its export and reading its files, removal included.</param>
/// <param name="LibcProbe">Running the image's musl loader to learn its version; zero for other images.</param>
internal sealed record TakeTimings(TimeSpan Scan, TimeSpan LibcProbe)
{
    public static readonly TakeTimings Zero = new(TimeSpan.Zero, TimeSpan.Zero);

    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan Total => Scan + LibcProbe;
}
