using System.Buffers.Binary;

namespace DeployMatrix.Tests.Elf;

/// <summary>Finds and overwrites single fields in a copy of a real little-endian ELF file, for specs that corrupt one.</summary>
internal static class ElfPatch
{
    public const uint SectionVersionNeeds = 0x6ffffffe;
    public const uint SectionVersionDefinitions = 0x6ffffffd;
    public const uint SectionDynamicStrings = 3;

    /// <summary>What sstrip leaves: no section header table, so only the program headers and dynamic tags remain.</summary>
    public static byte[] WithoutSectionHeaders(byte[] original)
    {
        var bytes = original.ToArray();
        if (Is64(bytes))
        {
            Array.Clear(bytes, 40, 8);
            Array.Clear(bytes, 58, 6);
        }
        else
        {
            Array.Clear(bytes, 32, 4);
            Array.Clear(bytes, 46, 6);
        }

        return bytes;
    }

    /// <summary>The first section of <paramref name="type"/>: where its header is, and its bytes.</summary>
    public static (int Header, int Offset, int Size) Section(byte[] bytes, uint type)
    {
        var is64 = Is64(bytes);
        var table = (int)Word(bytes, is64 ? 40 : 32);
        var entrySize = U16(bytes, is64 ? 58 : 46);
        for (var i = 0; i < U16(bytes, is64 ? 60 : 48); i++)
        {
            var header = table + (i * entrySize);
            if (U32(bytes, header + 4) == type)
            {
                return (header, (int)Word(bytes, header + (is64 ? 24 : 16)), (int)Word(bytes, header + (is64 ? 32 : 20)));
            }
        }

        throw new InvalidOperationException($"no section of type 0x{type:x}");
    }

    /// <summary>The sh_size and sh_info fields of a section header.</summary>
    public static (int Size, int Info) SectionFields(byte[] bytes, int header) =>
        Is64(bytes) ? (header + 32, header + 44) : (header + 20, header + 28);

    /// <summary>The bytes of <c>PT_DYNAMIC</c>.</summary>
    public static (int Offset, int Size) DynamicSegment(byte[] bytes)
    {
        var is64 = Is64(bytes);
        var table = (int)Word(bytes, is64 ? 32 : 28);
        for (var i = 0; i < U16(bytes, is64 ? 56 : 44); i++)
        {
            var header = table + (i * U16(bytes, is64 ? 54 : 42));
            if (U32(bytes, header) == 2)
            {
                return ((int)Word(bytes, header + (is64 ? 8 : 4)), (int)Word(bytes, header + (is64 ? 32 : 16)));
            }
        }

        throw new InvalidOperationException("no PT_DYNAMIC");
    }

    /// <summary>Where the value (<c>d_val</c>) of the first dynamic entry with <paramref name="tag"/> is.</summary>
    public static int DynamicValue(byte[] bytes, ulong tag)
    {
        var (offset, size) = DynamicSegment(bytes);
        var word = Is64(bytes) ? 8 : 4;
        for (var at = offset; at < offset + size; at += 2 * word)
        {
            if (Word(bytes, at) == tag)
            {
                return at + word;
            }
        }

        throw new InvalidOperationException($"no dynamic entry with tag 0x{tag:x}");
    }

    public static ushort U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    public static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    public static void Put32(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);

    /// <summary>Writes an address-sized field (<c>d_val</c>, <c>sh_size</c>): 8 bytes in ELF64, 4 in ELF32.</summary>
    public static void PutWord(byte[] bytes, int at, ulong value)
    {
        if (Is64(bytes))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);
        }
        else
        {
            Put32(bytes, at, (uint)value);
        }
    }

    private static bool Is64(byte[] bytes) => bytes[4] == 2;

    private static ulong Word(byte[] bytes, int at) =>
        Is64(bytes) ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at)) : U32(bytes, at);
}
