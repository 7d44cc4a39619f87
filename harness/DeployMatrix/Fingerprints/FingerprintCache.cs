using System.Text.Json;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// Fingerprints on disk, one JSON file per image id. A file that is missing, unreadable, corrupt, of another format
/// version or of another image reads as absent; files are replaced atomically (written aside, then renamed), so a
/// reader never sees half of one.
/// </summary>
internal sealed class FingerprintCache
{
    public FingerprintCache(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary><c>$XDG_CACHE_HOME/deploymatrix/fingerprints</c>, <c>XDG_CACHE_HOME</c> defaulting to <c>~/.cache</c>.</summary>
    public static string DefaultDirectory() => CacheDirectory.Of("fingerprints");

    /// <summary>The file of an image id: <c>sha256:ab…</c> is kept in <c>sha256-ab….json</c>.</summary>
    public string PathFor(string imageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imageId);
        return Path.Combine(Directory, CacheDirectory.FileNameOf(imageId) + ".json");
    }

    /// <summary>The cached fingerprint of an image id, or null when there is no usable one.</summary>
    public ImageFingerprint? TryRead(string imageId)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(PathFor(imageId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            var fingerprint = FingerprintJson.Deserialize(json);
            return fingerprint.FormatVersion == ImageFingerprint.CurrentFormatVersion && fingerprint.ImageId == imageId
                ? fingerprint
                : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes (or replaces) the fingerprint's file atomically.</summary>
    /// <exception cref="IOException">The cache directory cannot be written.</exception>
    public void Write(ImageFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.WriteAllBytes(PathFor(fingerprint.ImageId), FingerprintJson.Serialize(fingerprint));
    }
}
