using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>Sets a cell's observed verdict beside its prediction and says why, where and what to do.</summary>
internal static class Explainer
{
    /// <param name="predicted">The cell's prediction and what it was made from.</param>
    /// <param name="execution">How this host runs the platform's binaries.</param>
    /// <param name="observed">What the run gave; null when it was not run (<see cref="CellPrediction.Runs"/>).</param>
    /// <param name="stderr">What the run printed on stderr, for the texts of a failing emulator.</param>
    public static Explanation Explain(CellPrediction predicted, PlatformExecution execution, Verdict? observed, string stderr)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(execution);
        var (prediction, binary, image, platform, compatibility) = predicted;
        var why = Why(prediction, binary, image);
        var remedies = Remedies.For(prediction, binary, image, platform);
        if (observed is null)
        {
            return !predicted.Runs
                ? new Explanation(prediction, null, prediction.Expected!, Agreement.Agrees, null, execution, why, compatibility.Describe(), remedies)
                : throw new ArgumentNullException(nameof(observed), "Only a cell whose ELF header decides is left unrun.");
        }

        if (Inconclusive(prediction, observed, stderr, execution) is { } inconclusive)
        {
            return new Explanation(
                prediction, observed, inconclusive, Agreement.Inconclusive,
                $"predicted to start; under {execution.Emulator} the run gave {observed.Text}" +
                (inconclusive.FaultText is null ? "" : $" (\"{inconclusive.FaultText}\")") + ", which a run under emulation cannot pin on the binary",
                execution,
                [.. why, $"this host runs {platform} binaries only through {execution.Emulator}: a crash, a signal or a hang there may be the emulator's"],
                compatibility.Describe(),
                [$"run the {platform} cells on a {platform} machine, for example a CI job on {platform.GitHubRunner}: there the run decides"]);
        }

        var (agreement, note) = Compare(prediction, observed);
        return new Explanation(prediction, observed, observed, agreement, note, execution, why, compatibility.Describe(), remedies);
    }

    /// <summary>
    /// An emulated run that failed as no loader failure does, where the binary should start: a signal, a hang, or
    /// an exit with an emulator's fault text.
    /// </summary>
    private static Verdict.InconclusiveUnderEmulation? Inconclusive(Prediction prediction, Verdict observed, string stderr, PlatformExecution execution)
    {
        if (!execution.IsEmulated || !prediction.Starts)
        {
            return null;
        }

        var fault = EmulationFaultTexts.Find(stderr);
        return observed is Verdict.KilledBySignal or Verdict.TimedOut || (observed is Verdict.Ran { ExitCode: not 0 } && fault is not null)
            ? new Verdict.InconclusiveUnderEmulation(execution.Platform.Name, observed, fault)
            : null;
    }

    private static (Agreement, string?) Compare(Prediction prediction, Verdict observed) => (prediction.Expected, observed) switch
    {
        (null, Verdict.Ran or Verdict.KilledBySignal or Verdict.TimedOut) => (Agreement.Agrees, null),
        (null, Verdict.UndefinedSymbol) => (Agreement.Explained,
            "a fingerprint holds the version names libraries define, not every symbol they export: an unversioned missing symbol shows only when run"),
        (Verdict.InterpreterMissing expected, Verdict.InterpreterMissing seen) when expected.Interpreter == seen.Interpreter => (Agreement.Agrees, null),
        (Verdict.MissingLibrary expected, Verdict.MissingLibrary seen) when seen.Sonames.All(expected.Sonames.Contains) =>
            (Agreement.Agrees, seen.Sonames.Count < expected.Sonames.Count ? "the loader stopped at the first missing library; the prediction lists them all" : null),
        (Verdict.MissingSymbolVersion expected, Verdict.MissingSymbolVersion seen)
            when seen.Needs.All(s => expected.Needs.Any(e => e.Library == s.Library && e.Version == s.Version)) => (Agreement.Agrees, null),
        _ => (Agreement.Disagrees, $"predicted {prediction.Text}, observed {observed.Text}"),
    };

    /// <summary>
    /// What a program statically linked against glibc meets at run time: the NSS modules it loads come from the
    /// image, and work only where they are of the glibc it was linked with (its version is not in the file).
    /// </summary>
    private static string StaticNssModules(ImageFingerprint image) =>
        "statically linked against glibc, it still loads NSS modules at run time (getpwnam, getaddrinfo: libnss_*.so.2 as " +
        "/etc/nsswitch.conf names them, beyond the files and DNS code built in); " +
        (image.Libc.Kind == LibcKind.Glibc
            ? $"this image's are {image.Libc}'s, and work only if that is the glibc it was linked with"
            : $"this image has none ({image.Libc}), so only what its files (/etc/passwd, /etc/hosts) hold is found");

    private static List<string> Why(Prediction prediction, ElfFile binary, ImageFingerprint image)
    {
        var why = new List<string>();
        if (binary.LoadsNssModules && prediction.Expected is null)
        {
            why.Add(StaticNssModules(image));
        }

        switch (prediction.Expected)
        {
            case Verdict.WrongArchitecture wrong:
                why.Add($"the binary's ELF header says {wrong.BuiltFor}; a {wrong.Platform} kernel refuses it (Exec format error). " +
                        "Not run: a host that runs both, or an emulator, would start it");
                break;
            case Verdict.InterpreterMissing missing:
                why.Add($"its interpreter {missing.Interpreter} is not in the image ({image.Libc}" +
                        (image.Interpreters.Count == 0 ? ", no ELF interpreter at all)" : $"; it has {string.Join(", ", image.Interpreters)})"));
                break;
        }

        why.AddRange(prediction.MissingLibraries.Select(soname => prediction.ShippedElsewhere?.GetValueOrDefault(soname) is { } shipped
            ? $"needs {soname}, which the image's loader cannot find; the bundle has it at {shipped.Path}, where nothing tells the loader to look"
            : $"needs {soname}, which the image's loader cannot find"));
        why.AddRange(prediction.MissingVersions.Select(missing => missing.Describe()));
        return why;
    }
}
