namespace DeployMatrix.Elf;

/// <summary>The instruction set an ELF file is built for (<c>e_machine</c>); values as in the ELF specification.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "X86_64 is the architecture's name.")]
internal enum ElfMachine : ushort
{
    None = 0,
    X86 = 3,
    Mips = 8,
    PowerPC = 20,
    PowerPC64 = 21,
    S390 = 22,
    Arm = 40,
    X86_64 = 62,
    AArch64 = 183,
    RiscV = 243,
    LoongArch = 258,
}
