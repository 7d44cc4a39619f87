namespace DeployMatrix.Elf;

/// <summary>A file that is not a well-formed ELF file, with the file and the fault named.</summary>
internal sealed class ElfFormatException(string path, string fault)
    : DeployMatrixException($"{path}: not a readable ELF file: {fault}")
{
    public string Path { get; } = path;
}
