using System.Text.RegularExpressions;
using DeployMatrix.Elf;

namespace DeployMatrix.Outcomes;

/// <summary>
/// The lines loaders, runtimes and shells print on the program's stderr when it cannot start, each matched as a whole
/// line. Several printers say the same thing in their own words; the verdict does not depend on which one did. The
/// order is the precedence when lines of several kinds appear (musl reports the symbols of a missing library as
/// relocation errors too: the missing library is the cause).
/// </summary>
internal static class LoaderTexts
{
    /// <summary>A shell's name as it prefixes its messages: <c>sh</c>, <c>bash</c>, <c>/bin/sh</c>.</summary>
    private const string Shell = @"[\w./-]+";

    /// <summary>util-linux setarch and its aliases, and DeployMatrix's own i386 launcher, which copies their wording.</summary>
    private const string Launcher = "(?:linux32|linux64|setarch|i386|x86_64)";

    /// <summary>ld.so and musl's loader end with 127, except glibc's missing symbol versions, which end with 1.</summary>
    private static readonly int[] Loader = [127];

    public static IReadOnlyList<TextRule> Rules { get; } =
    [
        // The kernel could not open the ELF interpreter. Only qemu names it; the others blame the program.
        new("runc: interpreter missing", "^exec {prog}: no such file or directory$", [1, 127], Interpreter),
        new("runc 1.0: interpreter missing",
            @"^standard_init_linux\.go:\d+: exec user process caused:? ""?no such file or directory""?$", [1], Interpreter),
        // bubblewrap's execvp hands a file the kernel refuses (ENOEXEC) to /bin/sh, so it never prints "Exec format error".
        new("bubblewrap: interpreter missing", "^bwrap: execvp {prog}: No such file or directory$", [1], Interpreter),
        new("root loader: interpreter missing", $@"^{{prog}}: {Containers.RootLoader.RootLoaderRunner.InterpreterMissing} (?<interpreter>\S+)$", [127], Interpreter),
        new("qemu-user: interpreter missing",
            @"^(?:[\w.-]+-binfmt-P|qemu-[\w.-]+): Could not open '(?<interpreter>[^']+)': No such file or directory$", [255],
            Interpreter),
        new("dash, busybox ash: interpreter missing", $"^{Shell}(?:: \\d+)?: {{prog}}: not found$", [127], Interpreter),
        new("bash 5.2: interpreter missing",
            $"^{Shell}(?:: line \\d+)?: {{prog}}: cannot execute: required file not found$", [127], Interpreter),
        new("bash 5.1: interpreter missing", $"^{Shell}(?:: line \\d+)?: {{prog}}: No such file or directory$", [127], Interpreter),
        new("linux32: interpreter missing", $"^{Launcher}: failed to execute {{prog}}: No such file or directory$", [127],
            Interpreter),

        // The kernel or the loader refused a file built for another machine.
        new("runc: wrong architecture", "^exec {prog}: exec format error$", [1, 126], Program),
        new("runc 1.0: wrong architecture",
            @"^standard_init_linux\.go:\d+: exec user process caused:? ""?exec format error""?$", [1], Program),
        new("bash: wrong architecture",
            $"^{Shell}(?:: line \\d+)?: {{prog}}: cannot execute binary file: Exec format error$", [126], Program),
        new("linux32: wrong architecture", $"^{Launcher}: failed to execute {{prog}}: Exec format error$", [126], Program),
        new("glibc: library of the wrong class",
            "^{prog}: error while loading shared libraries: (?<library>[^:]+): wrong ELF class: ELFCLASS(?<bits>32|64)$",
            Loader, LibraryOfWrongClass),
        new("musl: library of the wrong architecture",
            @"^Error loading shared library (?<library>[^:\s]+): Exec format error \(needed by (?<by>[^)]+)\)$", Loader,
            (match, _) => new Verdict.WrongArchitecture(match.Groups["library"].Value, OfLibrary: true)),

        new("glibc: missing library",
            "^{prog}: error while loading shared libraries: (?<library>[^:]+): cannot open shared object file: No such file or directory$",
            Loader, MissingLibrary),
        new("musl: missing library",
            @"^Error loading shared library (?<library>[^:\s]+): No such file or directory \(needed by (?<by>[^)]+)\)$", Loader,
            MissingLibrary),

        new("glibc: missing symbol version",
            @"^{prog}: (?<library>[^:]+): version `(?<version>[^']+)' not found \(required by (?<by>[^)]+)\)$", [1],
            MissingSymbolVersion),

        new("glibc: undefined symbol",
            @"^{prog}: symbol lookup error: (?<object>[^:]+): undefined symbol: (?<symbol>[^,\s]+)(?:, version (?<version>\S+))?$",
            Loader, UndefinedSymbol),
        new("musl: symbol not found", @"^Error relocating (?<object>[^:]+): (?<symbol>[^:\s]+): symbol not found$", Loader,
            (match, _) => new Verdict.MuslRelocationError(new UnresolvedSymbol(match.Groups["symbol"].Value, match.Groups["object"].Value))),
    ];

    private static Verdict.InterpreterMissing Interpreter(Match match, RunEvidence evidence)
    {
        var named = match.Groups["interpreter"];
        if (named.Success)
        {
            return new Verdict.InterpreterMissing(named.Value);
        }

        // A static binary has no interpreter to miss: the text cannot be a verdict about it.
        return evidence.Interpreter is { } interpreter
            ? new Verdict.InterpreterMissing(interpreter)
            : throw new HarnessErrorException(
                $"\"{match.Value}\", yet {evidence.ProgramPath} is static, so no missing interpreter explains it: either " +
                "it was not copied into the container, or the kernel refused its format and an execvp-style fallback to " +
                "/bin/sh found no shell.");
    }

    private static Verdict.WrongArchitecture Program(Match match, RunEvidence evidence) => new Verdict.WrongArchitecture(evidence.ProgramPath);

    private static Verdict.WrongArchitecture LibraryOfWrongClass(Match match, RunEvidence evidence) =>
        new Verdict.WrongArchitecture(
            match.Groups["library"].Value, match.Groups["bits"].Value == "32" ? ElfClass.Elf32 : ElfClass.Elf64, OfLibrary: true);

    private static Verdict.MissingLibrary MissingLibrary(Match match, RunEvidence evidence) => new Verdict.MissingLibrary(match.Groups["library"].Value);

    private static Verdict.MissingSymbolVersion MissingSymbolVersion(Match match, RunEvidence evidence) =>
        new Verdict.MissingSymbolVersion(new VersionNeed(
            Path.GetFileName(match.Groups["library"].Value), match.Groups["version"].Value, match.Groups["by"].Value));

    private static Verdict.UndefinedSymbol UndefinedSymbol(Match match, RunEvidence evidence)
    {
        var version = match.Groups["version"];
        return new Verdict.UndefinedSymbol(
            match.Groups["symbol"].Value, version.Success ? version.Value : null, match.Groups["object"].Value);
    }
}
