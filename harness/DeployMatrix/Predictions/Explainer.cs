using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>Sets a cell's observed verdict beside its prediction and says why, where and what to do.</summary>
public static class Explainer
{
    public static Explanation Explain(
        Prediction prediction, Verdict observed, ElfFile binary, ImageFingerprint image, Platform platform, BinaryCompatibility compatibility)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(compatibility);
        var emulated = HostExecution.IsEmulated(binary.Machine);
        var (agreement, note) = Compare(prediction, observed, emulated);
        return new Explanation(
            prediction,
            observed,
            prediction.IsWrongArchitecture ? prediction.Expected! : observed,
            agreement,
            note,
            emulated,
            Why(prediction, image),
            compatibility.Describe(),
            Remedies.For(prediction, binary, image.Libc, platform));
    }

    private static (Agreement, string?) Compare(Prediction prediction, Verdict observed, bool emulated) => (prediction.Expected, observed) switch
    {
        (Verdict.WrongArchitecture, _) => (Agreement.Explained,
            $"the ELF header decides: the run ({observed.Text}) went {(emulated ? "through qemu-user (binfmt_misc)" : "on this host's own CPU")}, which a real machine of the cell's platform would not do"),
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

    private static List<string> Why(Prediction prediction, ImageFingerprint image)
    {
        var why = new List<string>();
        switch (prediction.Expected)
        {
            case Verdict.WrongArchitecture wrong:
                why.Add($"the binary's ELF header says {wrong.BuiltFor}; a {wrong.Platform} kernel refuses it (Exec format error)");
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
