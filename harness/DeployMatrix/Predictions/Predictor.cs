using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Images;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// Predicts a cell from the binary's ELF file and the image's fingerprint alone, in the order the kernel and the
/// loader check: the machine, the interpreter, the libraries, the symbol versions.
/// </summary>
public static class Predictor
{
    public static Prediction Predict(ElfFile binary, string programPath, ImageFingerprint image, Platform platform)
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

        var missingLibraries = binary.Needed.Where(name => !image.CanFind(name) && !image.IsProvidedByLoader(name)).ToList();
        var missingVersions = MissingVersions(binary, image);
        Verdict? expected = missingLibraries.Count > 0
            ? new Verdict.MissingLibrary(missingLibraries)
            : missingVersions.Count > 0
                ? new Verdict.MissingSymbolVersion(missingVersions.Select(m => new VersionNeed(m.Library, m.Version, programPath)))
                : null;
        return new Prediction(expected, missingLibraries, missingVersions);
    }

    /// <summary><c>linux/amd64</c> when the ELF header fits a known platform, else the machine and class.</summary>
    public static string BuiltFor(ElfFile binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        return KnownPlatforms.Of(binary)?.Name
               ?? $"{binary.Machine} ({binary.Class})";
    }

    private static Prediction Only(Verdict? expected) => new(expected, [], []);

    // musl's loader ignores symbol versions, and a library it provides itself (libc.so.6 on musl) has none to check.
    private static List<MissingVersion> MissingVersions(ElfFile binary, ImageFingerprint image) =>
        image.Libc.Kind == LibcKind.Musl
            ? []
            :
            [
                .. from requirement in binary.VersionRequirements
                   let library = image.Library(requirement.Library)
                   where library is { ReadError: null } && !library.Defines(requirement.Version)
                   select new MissingVersion(
                       requirement.Library,
                       requirement.Version,
                       requirement.Symbols,
                       SymbolVersions.NewestOfFamily(requirement.Version, library.VersionDefinitions)),
            ];
}
