namespace DeployMatrix.Elf;

/// <summary>A run of bytes in the file, as a section header or a translated dynamic tag gives it; not yet checked.</summary>
internal readonly record struct FileRange(ulong Offset, ulong Size);
