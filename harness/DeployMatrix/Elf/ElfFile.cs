using System.Buffers.Binary;
using System.Text;

namespace DeployMatrix.Elf;

/// <summary>
/// What the ELF header and program headers of an executable say. Read from the bytes only: a binary under test is
/// never executed on the host to learn this (ldd may run it).
/// </summary>
public sealed record ElfFile(
    string Path,
    ElfClass Class,
    bool LittleEndian,
    ElfMachine Machine,
    ushort Type,
    string? Interpreter,
    bool HasDynamicSection)
{
    private const ushort TypeSharedObject = 3;
    private const uint ProgramInterpreter = 3;
    private const uint ProgramDynamic = 2;

    public ElfLinkage Linkage => Interpreter is not null
        ? ElfLinkage.Dynamic
        : Type == TypeSharedObject && HasDynamicSection ? ElfLinkage.StaticPie : ElfLinkage.Static;

    public static ElfFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployMatrixException($"{path}: cannot be read: {e.Message}", e);
        }

        return Parse(path, bytes);
    }

    public static ElfFile Parse(string path, ReadOnlySpan<byte> bytes)
    {
        var reader = new ElfReader(path, bytes);
        if (bytes.Length < 16 || !bytes[..4].SequenceEqual("\u007fELF"u8))
        {
            throw new ElfFormatException(path, "it does not start with the ELF magic bytes 7f 45 4c 46");
        }

        var elfClass = bytes[4] switch
        {
            1 => ElfClass.Elf32,
            2 => ElfClass.Elf64,
            var other => throw new ElfFormatException(path, $"unknown class {other} in byte 4 (1 is 32-bit, 2 is 64-bit)"),
        };
        var little = bytes[5] switch
        {
            1 => true,
            2 => false,
            var other => throw new ElfFormatException(path, $"unknown data encoding {other} in byte 5 (1 is little-endian, 2 big-endian)"),
        };
        reader = reader with { Is64 = elfClass == ElfClass.Elf64, LittleEndian = little };

        var type = reader.U16(16);
        var machine = (ElfMachine)reader.U16(18);
        var programHeaders = reader.Word(reader.Is64 ? 32 : 28);
        var entrySize = reader.U16(reader.Is64 ? 54 : 42);
        var count = reader.U16(reader.Is64 ? 56 : 44);

        string? interpreter = null;
        var dynamic = false;
        for (var i = 0; i < count; i++)
        {
            var header = checked((long)programHeaders + (long)i * entrySize);
            var kind = reader.U32(header);
            if (kind == ProgramDynamic)
            {
                dynamic = true;
            }
            else if (kind == ProgramInterpreter)
            {
                var offset = reader.Word(header + (reader.Is64 ? 8 : 4));
                var size = reader.Word(header + (reader.Is64 ? 32 : 16));
                interpreter = reader.CString(offset, size);
            }
        }

        return new ElfFile(path, elfClass, little, machine, type, interpreter, dynamic);
    }

    /// <summary>Bounds-checked reads that name the file and offset when the file ends too early.</summary>
    private readonly ref struct ElfReader(string path, ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public bool Is64 { get; init; }

        public bool LittleEndian { get; init; }

        public ushort U16(long offset) => LittleEndian
            ? BinaryPrimitives.ReadUInt16LittleEndian(Slice(offset, 2))
            : BinaryPrimitives.ReadUInt16BigEndian(Slice(offset, 2));

        public uint U32(long offset) => LittleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(Slice(offset, 4))
            : BinaryPrimitives.ReadUInt32BigEndian(Slice(offset, 4));

        public ulong Word(long offset) => !Is64 ? U32(offset) : LittleEndian
            ? BinaryPrimitives.ReadUInt64LittleEndian(Slice(offset, 8))
            : BinaryPrimitives.ReadUInt64BigEndian(Slice(offset, 8));

        public string CString(ulong offset, ulong size)
        {
            var span = Slice(checked((long)offset), checked((int)size));
            var end = span.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
        }

        private ReadOnlySpan<byte> Slice(long offset, int length)
        {
            if (offset < 0 || offset + length > _bytes.Length)
            {
                throw new ElfFormatException(path, $"truncated: needs {length} bytes at offset {offset}, the file has {_bytes.Length}");
            }

            return _bytes.Slice((int)offset, length);
        }
    }
}
