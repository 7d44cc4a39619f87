using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Cli;

/// <summary>A binary named on the command line (predict --binary, init): its ELF file, the platform its header names, a name from its file.</summary>
internal static class CommandLineBinary
{
    /// <param name="path">The file as given.</param>
    /// <param name="given">How the message names it: the option and the path, or the path alone.</param>
    public static (ElfFile Elf, Platform Platform, string Name) Read(string path, string given)
    {
        var elf = ElfFile.Read(path);
        var platform = KnownPlatforms.Of(elf)
            ?? throw new DeployMatrixException($"{given}: built for {elf.Machine} ({elf.Class}), which is none of {string.Join(", ", KnownPlatforms.All)}");
        var name = string.Concat(Path.GetFileName(Path.GetFullPath(path)).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
        return (elf, platform, name);
    }
}
