namespace DeployMatrix.Elf;

/// <summary>The word size of an ELF file (<c>EI_CLASS</c>).</summary>
internal enum ElfClass
{
    Elf32 = 1,
    Elf64 = 2,
}
