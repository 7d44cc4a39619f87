using DeployMatrix.Platforms;

namespace DeployMatrix.Distributions;

/// <summary>
/// One release of a distribution on one platform, as recorded elsewhere rather than run here: its C library, the
/// symbol versions its libraries define, the libraries known to be there and, for musl, the symbols its libc defines.
/// </summary>
/// <param name="Family">The family's key in <see cref="DistributionFamilies"/>: <c>rhel</c>, <c>alpine</c>.</param>
/// <param name="Name">The distribution's own name: <c>Rocky Linux</c>.</param>
/// <param name="Release">Its release as the distribution names it: <c>8</c>, <c>22.04</c>, <c>3.18</c>.</param>
/// <param name="Versions">Version names by family (<c>GLIBC</c> → <c>2.2.5</c> … <c>2.28</c>), without the family's prefix.</param>
/// <param name="Libraries">Libraries known to be there beyond those <see cref="Versions"/> stand for, whose versions are not recorded.</param>
/// <param name="Absent">Libraries known not to be there (Alpine's base image has no libstdc++), with what installs them.</param>
/// <param name="MuslSymbols">For musl, what is recorded of the symbols its libc defines.</param>
/// <param name="Complete">Whether every library of the release is listed, so that one not listed is missing rather than unknown.</param>
/// <param name="Source">Where the facts come from: repository, file and commit.</param>
/// <param name="Fingerprint">A team's own fingerprint of the release's image, every library listed; null for recorded data.</param>
internal sealed record RecordedRelease(
    string Family,
    string Name,
    string Release,
    Platform Platform,
    LibcInfo Libc,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Versions,
    IReadOnlyList<string> Libraries,
    IReadOnlyDictionary<string, string> Absent,
    MuslSymbols? MuslSymbols,
    bool Complete,
    string Source,
    Fingerprints.ImageFingerprint? Fingerprint = null)
{
    /// <summary><c>Rocky Linux 8</c>, <c>Alpine 3.18</c>.</summary>
    public string Label => $"{Name} {Release}";

    /// <summary>The C library's version, for ordering releases oldest first; zero when unknown.</summary>
    public Version LibcVersion => Version.TryParse(Libc.Version, out var version) ? version : new Version(0, 0);

    public override string ToString() => $"{Label} ({Platform.UnameMachine}, {Libc})";
}
