namespace DeployMatrix.Elf;

/// <summary>How an executable finds its libraries, which decides where it can run at all.</summary>
public enum ElfLinkage
{
    /// <summary>No interpreter, no dynamic section: runs on any kernel of its architecture, even in an empty image.</summary>
    Static,

    /// <summary>Position-independent and self-relocating, with no interpreter: as portable as <see cref="Static"/>.</summary>
    StaticPie,

    /// <summary>Needs the loader named by its interpreter, and that loader's libraries.</summary>
    Dynamic,
}
