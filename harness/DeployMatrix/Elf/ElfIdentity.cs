using System.Buffers.Binary;

namespace DeployMatrix.Elf;

/// <summary>
/// The first fields of an ELF header: class, byte order, machine and type. Enough to tell a shared object of the
/// right machine and class from anything else without reading the rest of the file, which matters when scanning
/// every file of an image.
/// </summary>
internal readonly record struct ElfIdentity(ElfClass Class, bool LittleEndian, ElfMachine Machine, ushort Type)
{
    /// <summary>Bytes needed to read the fields: up to and including <c>e_machine</c>.</summary>
    public const int Size = 20;

    /// <summary><c>ET_DYN</c>: a shared object (libraries, loaders and position-independent executables).</summary>
    public const ushort SharedObject = 3;

    public bool IsSharedObject => Type == SharedObject;

    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[..4].SequenceEqual("\u007fELF"u8);

    /// <summary>The identity at the start of <paramref name="bytes"/>, or null when they are not the start of an ELF file.</summary>
    public static ElfIdentity? TryRead(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size || !HasMagic(bytes) || ClassOf(bytes[4]) is not { } elfClass || IsLittleEndian(bytes[5]) is not { } little)
        {
            return null;
        }

        var type = little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[16..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[16..]);
        var machine = little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[18..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[18..]);
        return new ElfIdentity(elfClass, little, (ElfMachine)machine, type);
    }

    /// <summary>The class byte (<c>EI_CLASS</c>) read, or null when it is neither 32- nor 64-bit.</summary>
    internal static ElfClass? ClassOf(byte value) => value switch
    {
        1 => ElfClass.Elf32,
        2 => ElfClass.Elf64,
        _ => null,
    };

    /// <summary>The data encoding byte (<c>EI_DATA</c>) read, or null when it is neither little- nor big-endian.</summary>
    internal static bool? IsLittleEndian(byte value) => value switch
    {
        1 => true,
        2 => false,
        _ => null,
    };
}
