using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// Predicts a cell from the binary's ELF file and the image's fingerprint alone, in the order the kernel and the
/// loader check: the machine, the interpreter, the libraries, the symbol versions.
/// </summary>
internal static class Predictor
{
    /// <param name="binary">The binary's ELF file.</param>
    /// <param name="programPath">Where the binary is in the container.</param>
    /// <param name="image">The target image's fingerprint.</param>
    /// <param name="platform">The cell's platform.</param>
    /// <param name="bundle">The ELF files shipped with the binary, by their paths in the container; none when it ships alone.</param>
    /// <param name="libraryPath">The run's <c>LD_LIBRARY_PATH</c> directories.</param>
    public static Prediction Predict(
        ElfFile binary,
        string programPath,
        ImageFingerprint image,
        Platform platform,
        IReadOnlyDictionary<string, ElfFile>? bundle = null,
        IReadOnlyList<string>? libraryPath = null)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(platform);

        if (binary.Machine != platform.Machine || binary.Class != platform.Class)
        {
            return Only(new Verdict.WrongArchitecture(programPath, BuiltFor: BuiltFor(binary), Platform: platform.Name));
        }

        if (binary.Interpreter is null)
        {
            return Only(null);
        }

        if (!image.HasInterpreter(binary.Interpreter))
        {
            return Only(new Verdict.InterpreterMissing(binary.Interpreter));
        }

        var (missingLibraries, missingVersions, shippedElsewhere) = LibraryResolver.Resolve(
            binary, programPath, bundle ?? new Dictionary<string, ElfFile>(), libraryPath ?? [], image);
        Verdict? expected = missingLibraries.Count > 0
            ? new Verdict.MissingLibrary(missingLibraries)
            : missingVersions.Count > 0
                ? new Verdict.MissingSymbolVersion(missingVersions.Select(m => new VersionNeed(m.Library, m.Version, m.NeededBy ?? programPath)))
                : null;
        return new Prediction(expected, missingLibraries, missingVersions, shippedElsewhere);
    }

    /// <summary><c>linux/amd64</c> when the ELF header fits a known platform, else the machine and class.</summary>
    public static string BuiltFor(ElfFile binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        return KnownPlatforms.Of(binary)?.Name
               ?? $"{binary.Machine} ({binary.Class})";
    }

    private static Prediction Only(Verdict? expected) => new(expected, [], []);
}
