using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;
using DeployMatrix.Outcomes;
using DeployMatrix.Predictions;

namespace DeployMatrix.Distributions;

/// <summary>
/// What a binary meets on one recorded release, predicted from its ELF file and the recorded facts alone: it starts,
/// it does not (and why), or it would start if what the record does not know is there.
/// </summary>
/// <param name="Fails">Why it cannot start there; empty when nothing recorded stops it.</param>
/// <param name="Unknown">What the record cannot tell: a library it does not list, a musl symbol of an unrecorded version.</param>
internal sealed record ReleaseOutlook(RecordedRelease Release, IReadOnlyList<string> Fails, IReadOnlyList<string> Unknown)
{
    /// <summary>How an unknown names the symbols of an unrecorded musl version, followed by the version.</summary>
    public const string MuslSymbolsOf = "the symbols of musl ";

    /// <summary>Symbols named in one reason; a binary can lack dozens.</summary>
    private const int SymbolsShown = 4;

    public bool Starts => Fails.Count == 0;

    /// <param name="binary">The binary's ELF file, of the release's platform.</param>
    /// <param name="programPath">Where it runs from (its bundle's files are found relative to it).</param>
    /// <param name="bundle">The ELF files shipped with it, by their paths beside it; none when it ships alone.</param>
    /// <param name="libraryPath">The <c>LD_LIBRARY_PATH</c> it is started with.</param>
    public static ReleaseOutlook Of(
        RecordedRelease release, ElfFile binary, string programPath, IReadOnlyDictionary<string, ElfFile> bundle, IReadOnlyList<string> libraryPath)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(binary);
        var prediction = Predictor.Predict(binary, programPath, RecordedFingerprint.Of(release), release.Platform, bundle, libraryPath);
        var fails = new List<string>();
        var unknown = new List<string>();
        if (prediction.Expected is Verdict.InterpreterMissing missing)
        {
            var kind = missing.Interpreter.Contains("ld-musl", StringComparison.Ordinal) ? "musl" : "glibc";
            fails.Add($"no {missing.Interpreter}: a {kind} program on {LibcInfo.NameOf(release.Libc.Kind)}");
        }

        foreach (var library in prediction.MissingLibraries)
        {
            if (release.Absent.TryGetValue(library, out var install))
            {
                fails.Add($"no {library} in its base image ({install})");
            }
            else if (release.Complete)
            {
                fails.Add($"no {library}");
            }
            else
            {
                unknown.Add(library);
            }
        }

        fails.AddRange(prediction.MissingVersions.Select(Describe));
        if (release.MuslSymbols is { } musl && release.Libc.Kind == LibcKind.Musl && prediction.Expected is not Verdict.InterpreterMissing
            && binary.Needed.All(name => LoaderView.MuslReservedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))))
        {
            // Only a program that needs nothing but libc can be checked: another library may define what libc lacks.
            var lacking = binary.ImportedSymbols.Where(symbol => musl.Defines(symbol) == false).Distinct().ToList();
            var unsure = binary.ImportedSymbols.Where(symbol => musl.Defines(symbol) is null).Distinct().ToList();
            if (lacking.Count > 0)
            {
                fails.Add($"musl {musl.Version} lacks {Shown(lacking)} (symbol not found)");
            }

            if (unsure.Count > 0)
            {
                unknown.Add($"{MuslSymbolsOf}{musl.Version}");
            }
        }

        return new ReleaseOutlook(release, fails, unknown);
    }

    /// <summary><c>GLIBC_2.34 for __libc_start_main (it has up to GLIBC_2.28)</c>.</summary>
    private static string Describe(MissingVersion missing)
    {
        var holder = missing.NeededBy is null ? "" : $" of the bundled {missing.NeededBy}";
        var newest = missing.NewestDefined is null ? "" : $" (it has up to {missing.NewestDefined})";
        return missing.Symbols.Count == 0
            ? $"{missing.Version}{holder}{newest}"
            : $"{missing.Version} for {Shown(missing.Symbols)}{holder}{newest}";
    }

    private static string Shown(IReadOnlyList<string> names) =>
        names.Count <= SymbolsShown ? string.Join(", ", names) : $"{string.Join(", ", names.Take(SymbolsShown))} and {names.Count - SymbolsShown} more";
}
