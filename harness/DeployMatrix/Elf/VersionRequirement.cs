namespace DeployMatrix.Elf;

/// <summary>
/// One symbol version a file needs from a library (an entry of <c>.gnu.version_r</c>), such as <c>GLIBC_2.34</c> from
/// <c>libc.so.6</c>, with the imported symbols that ask for it. The loader refuses to start the program when the
/// library found does not define the version: "version `GLIBC_2.34' not found".
/// </summary>
/// <param name="Library">The library's soname as the need names it (<c>vn_file</c>).</param>
/// <param name="Version">The version name (<c>vna_name</c>); not always a number: <c>GLIBC_PRIVATE</c>, <c>GLIBC_ABI_DT_RELR</c>.</param>
/// <param name="Symbols">The imported dynamic symbols bound to this version (undefined ones, and data such as
/// <c>stdout</c> that an executable copies in), sorted ordinally; empty for a version needed by no symbol
/// (<c>GLIBC_ABI_DT_RELR</c> marks a relocation format, not an import).</param>
internal sealed record VersionRequirement(string Library, string Version, IReadOnlyList<string> Symbols);
