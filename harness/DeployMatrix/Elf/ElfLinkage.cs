namespace DeployMatrix.Elf;

/// <summary>
/// How a file is started, which decides where it can run at all. Decided as the kernel and glibc do: a file with
/// <c>PT_INTERP</c> is started by that interpreter; without one the kernel jumps to the file's own entry point. Among
/// <c>ET_DYN</c> files without an interpreter, <c>DF_1_PIE</c> (in <c>DT_FLAGS_1</c>) is what marks an executable:
/// glibc 2.30+ refuses to <c>dlopen</c> a file carrying it, and every linker that can make a static-pie sets it.
/// Having no <c>DT_NEEDED</c> proves nothing: <c>ld.so</c> and musl's <c>libc.so</c> are libraries without any.
/// </summary>
internal enum ElfLinkage
{
    /// <summary>No interpreter, no dynamic section: runs on any kernel of its architecture, even in an empty image.</summary>
    Static,

    /// <summary>
    /// <c>ET_DYN</c> with a dynamic section and <c>DF_1_PIE</c> but no interpreter: relocates itself at start, so it is
    /// as portable as <see cref="Static"/>.
    /// </summary>
    StaticPie,

    /// <summary>Needs the loader named by its interpreter, and that loader's libraries.</summary>
    Dynamic,

    /// <summary>
    /// <c>ET_DYN</c> with a dynamic section, no interpreter and no <c>DF_1_PIE</c>: a library, loaded into another
    /// program rather than run (a few, such as <c>ld.so</c> itself, can also be run directly).
    /// </summary>
    SharedLibrary,
}
