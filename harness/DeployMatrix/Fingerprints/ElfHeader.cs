using System.Buffers.Binary;
using DeployMatrix.Elf;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// The first fields of an ELF header: enough to tell a shared object of the right machine and class from anything
/// else without reading the rest of the file.
/// </summary>
internal readonly record struct ElfHeader(ElfClass Class, ElfMachine Machine, ushort Type)
{
    /// <summary>Bytes needed to read the fields: up to and including <c>e_machine</c>.</summary>
    public const int Size = 20;

    /// <summary><c>ET_DYN</c>: a shared object (libraries, loaders and position-independent executables).</summary>
    public const ushort SharedObject = 3;

    public bool IsSharedObject => Type == SharedObject;

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[..4].SequenceEqual("\u007fELF"u8);

    /// <summary>The header at the start of <paramref name="bytes"/>, or null when they are not the start of an ELF file.</summary>
    public static ElfHeader? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size || !HasMagic(bytes) || bytes[4] is not (1 or 2) || bytes[5] is not (1 or 2))
        {
            return null;
        }

        var little = bytes[5] == 1;
        var type = little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[16..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[16..]);
        var machine = little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[18..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[18..]);
        return new ElfHeader((ElfClass)bytes[4], (ElfMachine)machine, type);
    }
}
