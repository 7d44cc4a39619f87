using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// What to change so a binary runs on a target, by kind of missing piece: a table of advice rather than branches
/// spread through the explanation code.
/// </summary>
internal static class Remedies
{
    /// <summary>Advice for a missing symbol version, by the version's family.</summary>
    private static readonly IReadOnlyList<(string Family, Func<MissingVersion, LibcInfo, string> Advice)> VersionFamilies =
    [
        ("GLIBC", (_, libc) => $"build against glibc {libc.Version ?? "of the target"} or older: an older build image or a sysroot of the oldest system you ship to; or link statically with musl"),
        ("GLIBCXX", (_, _) => "link the C++ runtime statically (-static-libstdc++ -static-libgcc), or build with the target's GCC"),
        ("CXXABI", (_, _) => "link the C++ runtime statically (-static-libstdc++ -static-libgcc), or build with the target's GCC"),
        ("GCC", (_, _) => "link libgcc statically (-static-libgcc), or build with the target's GCC"),
    ];

    public static IReadOnlyList<string> For(Prediction prediction, ElfFile binary, ImageFingerprint image, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(platform);
        var libc = image.Libc;
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

        var shipped = prediction.ShippedElsewhere ?? new Dictionary<string, ShippedLibrary>();
        advice = advice.Concat(shipped.Values.DistinctBy(library => library.Directory).Select(library =>
            $"the bundle holds it in {library.Directory}: link with -Wl,-rpath,'{library.FromOrigin}' or start the binary with LD_LIBRARY_PATH={library.Directory}"));
        var unshipped = prediction.MissingLibraries.Where(name => !shipped.ContainsKey(name)).ToList();
        if (unshipped.Count > 0)
        {
            var names = string.Join(", ", unshipped);
            var install = Install(unshipped, image, platform);
            advice = advice.Append(OriginSearchPath(binary) is { } searched
                ? $"ship {names} with the binary where it looks for them ({searched}), or {install}, or link them statically"
                : $"{install}, link it statically, or ship it beside the binary with RUNPATH=$ORIGIN");
        }

        advice = advice.Concat(prediction.MissingVersions.Select(missing => missing switch
        {
            { BundledAt: { } shipped } =>
                $"the bundled {shipped} is older than the one the binary was linked against: ship the build of {missing.Library} that defines {missing.Version}",
            _ => VersionFamilies.FirstOrDefault(f => f.Family == SymbolVersions.Parse(missing.Version)?.Family) is { Advice: { } rule }
                ? rule(missing, libc)
                : $"build against the {missing.Library} the target ships, or link it statically",
        }));

        var demanding = prediction.MissingVersions.Select(m => m.NeededBy).OfType<string>().Distinct().ToList();
        if (demanding.Count > 0)
        {
            advice = advice.Append(
                $"the bundled {string.Join(", ", demanding)} need more than the target has too: bundle builds made for {libc} or older, or link them statically");
        }

        return [.. advice.Distinct()];
    }

    /// <summary>
    /// <c>install libpq5 on the target (apt-get install libpq5; libpq.so.5 is in libpq5, by Debian bookworm's Contents
    /// index)</c> where the image's system is one the package index covers and lists them all (the command only where
    /// the image has apt-get: a distroless image is made of Debian's packages and has none); else <c>install what
    /// provides libpq.so.5 on the target</c>.
    /// </summary>
    private static string Install(IReadOnlyList<string> libraries, ImageFingerprint image, Platform platform)
    {
        var packages = libraries.Select(library => LibraryPackages.For(image, library, platform)).ToList();
        if (LibraryPackages.Source(image) is not { } source || packages.Any(p => p.Count == 0))
        {
            return $"install what provides {string.Join(", ", libraries)} on the target";
        }

        var names = packages.Select(p => p.Count == 1 ? p[0] : $"one of {string.Join(", ", p)}").Distinct().ToList();
        var command = image.HasAptGet && packages.All(p => p.Count == 1) ? $"apt-get install {string.Join(' ', names)}; " : "";
        var shipped = string.Join(", ", libraries.Select((library, i) => $"{library} is in {string.Join(" or ", packages[i])}"));
        return $"install {string.Join(", ", names)} on the target ({command}{shipped}, by {source})";
    }

    /// <summary>The binary's library search path, when it looks beside itself (<c>$ORIGIN</c>): <c>RUNPATH $ORIGIN/../lib</c>.</summary>
    private static string? OriginSearchPath(ElfFile binary)
    {
        var (kind, path) = binary.Runpath.Count > 0 ? ("RUNPATH", binary.Runpath) : ("RPATH", binary.Rpath);
        return path.Any(directory => directory.Contains("ORIGIN", StringComparison.Ordinal)) ? $"{kind} {string.Join(":", path)}" : null;
    }
}
