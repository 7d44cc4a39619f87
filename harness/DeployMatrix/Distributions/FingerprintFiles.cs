using System.Text.Json;
using System.Text.Json.Nodes;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Distributions;

/// <summary>
/// A team's own fingerprints of the images it ships to (<c>deploymatrix fingerprint</c>), kept as files in its
/// repository (<c>fingerprints/debian-12-x86_64.fingerprint.json</c>) so that predictions know those releases
/// without an engine, as fully as the images themselves: every library is listed, so one that is not listed is
/// missing there, not unknown.
/// </summary>
internal static class FingerprintFiles
{
    public const string Extension = ".fingerprint.json";

    /// <summary>Writes the fingerprint of <paramref name="reference"/>'s image into <paramref name="directory"/>.</summary>
    /// <returns>The file written, named by what the image's os-release says it is, and its architecture.</returns>
    public static string Write(string directory, string reference, ImageFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var platform = KnownPlatforms.Find(fingerprint.Platform) ?? throw new DeployMatrixException($"{fingerprint.Platform} is no platform DeployMatrix knows");
        var name = fingerprint.OsRelease is { } os
            ? $"{os.Id}-{os.VersionId ?? "rolling"}"
            : string.Concat(reference.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-'));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}-{platform.UnameMachine}{Extension}");

        // What differs from one taking of the same image to the next stays out, so that the file changes only with the image.
        var steady = fingerprint with { TakenAt = default, Timings = TakeTimings.Zero };
        var file = new JsonObject
        {
            ["reference"] = reference,
            ["fingerprint"] = JsonSerializer.SerializeToNode(steady, FingerprintJson.Options),
        };
        AtomicFile.WriteAllText(path, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    /// <summary>The releases of the fingerprint files in <paramref name="directory"/>, in file name order.</summary>
    /// <exception cref="DeployMatrixException">A file is not a fingerprint file; the message names it.</exception>
    public static IReadOnlyList<RecordedRelease> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DeployMatrixException($"{directory}: no such directory of fingerprint files; make them with deploymatrix fingerprint IMAGE --out {directory}");
        }

        return [.. Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal).Select(Read)];
    }

    private static RecordedRelease Read(string path)
    {
        try
        {
            var file = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("an empty file");
            var reference = (string?)file["reference"] ?? throw new JsonException("no reference");
            var fingerprint = file["fingerprint"].Deserialize<ImageFingerprint>(FingerprintJson.Options) ?? throw new JsonException("no fingerprint");
            var platform = KnownPlatforms.Find(fingerprint.Platform) ?? throw new JsonException($"unknown platform {fingerprint.Platform}");
            var os = fingerprint.OsRelease;
            return new RecordedRelease(
                DistributionFamilies.OfFingerprinted(os?.Id ?? "other"),
                os?.Name ?? reference,
                os?.VersionId ?? reference,
                platform,
                fingerprint.Libc,
                new Dictionary<string, IReadOnlyList<string>>(),
                [],
                new Dictionary<string, string>(),
                MuslSymbols: null,
                Complete: true,
                $"{reference}, fingerprinted into {Path.GetFileName(path)}",
                fingerprint);
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            throw new DeployMatrixException($"{path}: not a fingerprint file of deploymatrix fingerprint ({e.Message}); make it again with deploymatrix fingerprint");
        }
    }
}
