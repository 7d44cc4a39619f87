using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>One build of a binary (one platform) against every target of the matrix on that platform.</summary>
internal sealed record BinaryCompatibility(string Binary, Platform Platform, IReadOnlyList<TargetPrediction> Targets)
{
    public IReadOnlyList<TargetPrediction> RunsOn => [.. Targets.Where(t => t.Prediction.Starts)];

    /// <summary>
    /// The target with the oldest C library among those it starts on (glibc before musl, then by version), or the
    /// first such target when none has a versioned libc; null when it starts nowhere.
    /// </summary>
    public TargetPrediction? Oldest => RunsOn
        .OrderBy(t => t.Image.Libc.Kind switch { LibcKind.Glibc => 0, LibcKind.Musl => 1, _ => 2 })
        .ThenBy(t => System.Version.TryParse(t.Image.Libc.Version, out var v) ? v : new System.Version(int.MaxValue, 0))
        .FirstOrDefault();

    /// <summary><c>debian-12, debian-13 (oldest: debian-12, glibc 2.36)</c>, or <c>none of the matrix's targets</c>.</summary>
    public string Describe() => Oldest is not { } oldest
        ? $"none of the matrix's {Platform} targets"
        : $"{string.Join(", ", RunsOn.Select(t => t.Target))} (oldest: {oldest.Target}, {oldest.Image.Libc})";
}

/// <summary>The prediction for one target of the matrix, with the fingerprint it came from.</summary>
internal sealed record TargetPrediction(string Target, ImageFingerprint Image, Prediction Prediction);
