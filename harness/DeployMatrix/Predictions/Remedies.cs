using DeployMatrix.Fingerprints;
using DeployMatrix.Images;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// What to change so a binary runs on a target, by kind of missing piece: a table of advice rather than branches
/// spread through the explanation code.
/// </summary>
public static class Remedies
{
    /// <summary>Advice for a missing symbol version, by the version's family.</summary>
    private static readonly IReadOnlyList<(string Family, Func<MissingVersion, LibcInfo, string> Advice)> VersionFamilies =
    [
        ("GLIBC", (_, libc) => $"build against glibc {libc.Version ?? "of the target"} or older: an older build image or a sysroot of the oldest system you ship to; or link statically with musl"),
        ("GLIBCXX", (_, _) => "link the C++ runtime statically (-static-libstdc++ -static-libgcc), or build with the target's GCC"),
        ("CXXABI", (_, _) => "link the C++ runtime statically (-static-libstdc++ -static-libgcc), or build with the target's GCC"),
        ("GCC", (_, _) => "link libgcc statically (-static-libgcc), or build with the target's GCC"),
    ];

    public static IReadOnlyList<string> For(Prediction prediction, LibcInfo libc, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(platform);
        IEnumerable<string> advice = prediction.Expected switch
        {
            null => [],
            Verdict.WrongArchitecture wrong =>
                [$"build for {platform} ({platform.GnuTriplet}-gcc, GOARCH={platform.Architecture}), and ship the {wrong.BuiltFor} build only to {wrong.BuiltFor} machines"],
            Verdict.InterpreterMissing missing when missing.Interpreter.Contains("ld-musl", StringComparison.Ordinal) =>
                ["link statically with musl (musl-gcc -static), or install musl on the target"],
            Verdict.InterpreterMissing =>
                [libc.Kind == LibcKind.Musl
                    ? "link statically (musl-gcc -static; Go with CGO_ENABLED=0), or build against musl for musl systems such as Alpine"
                    : "link statically (musl-gcc -static; Go with CGO_ENABLED=0): this image has no C library at all"],
            _ => [],
        };

        if (prediction.MissingLibraries.Count > 0)
        {
            advice = advice.Append(
                $"install what provides {string.Join(", ", prediction.MissingLibraries)} on the target, link it statically, or ship it beside the binary with RUNPATH=$ORIGIN");
        }

        advice = advice.Concat(prediction.MissingVersions
            .Select(missing => (missing, family: SymbolVersions.Parse(missing.Version)?.Family))
            .Select(m => VersionFamilies.FirstOrDefault(f => f.Family == m.family) is { Advice: { } rule }
                ? rule(m.missing, libc)
                : $"build against the {m.missing.Library} the target ships, or link it statically"));

        return [.. advice.Distinct()];
    }
}
