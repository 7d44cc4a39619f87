using DeployMatrix.Elf;

namespace DeployMatrix.Fingerprints;

/// <summary>What was read of one ELF file of an image.</summary>
/// <param name="Soname">Its <c>DT_SONAME</c>; null when it has none or was not read.</param>
/// <param name="VersionDefinitions">The version names it defines, without the base entry.</param>
/// <param name="GlibcRelease">For glibc's own libc and loader: the <c>release version X.YY</c> they carry.</param>
/// <param name="ReadError">Why it was not read beyond its header, or null.</param>
internal sealed record ScannedElf(
    ElfIdentity Header,
    string? Soname,
    ValueList<string> VersionDefinitions,
    string? GlibcRelease,
    string? ReadError)
{
    public bool Fits(ElfMachine machine, ElfClass elfClass) => Header.Machine == machine && Header.Class == elfClass;
}
