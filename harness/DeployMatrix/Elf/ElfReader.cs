using System.Buffers.Binary;

namespace DeployMatrix.Elf;

/// <summary>
/// Reads an ELF file held in memory, in its own byte order and word size. Every range is checked before it is used,
/// so a corrupt file fails with an <see cref="ElfFormatException"/> naming the file and the structure, never with an
/// index or overflow error.
/// </summary>
internal readonly ref struct ElfReader
{
    private readonly ReadOnlySpan<byte> _bytes;

    public ElfReader(string path, ReadOnlySpan<byte> bytes, bool is64, bool littleEndian)
    {
        _bytes = bytes;
        Path = path;
        Is64 = is64;
        LittleEndian = littleEndian;
    }

    public string Path { get; }

    public bool Is64 { get; }

    public bool LittleEndian { get; }

    public int Length => _bytes.Length;

    /// <summary>The size of an address or offset field (<c>ElfN_Addr</c>, <c>ElfN_Off</c>).</summary>
    public int WordSize => Is64 ? 8 : 4;

    /// <summary>The bytes of <paramref name="what"/>, which the file must hold entirely.</summary>
    public ReadOnlySpan<byte> Slice(ulong offset, ulong length, string what)
    {
        // Compared without adding, so that offsets near 2^64 from a corrupt header cannot wrap around.
        if (offset > (ulong)_bytes.Length || length > (ulong)_bytes.Length - offset)
        {
            throw Fault($"truncated: {what} needs {length} bytes at offset {offset}, the file has {_bytes.Length}");
        }

        return _bytes.Slice((int)offset, (int)length);
    }

    public ReadOnlySpan<byte> Slice(FileRange range, string what) => Slice(range.Offset, range.Size, what);

    public ushort U16(ReadOnlySpan<byte> span, int at) => LittleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(span[at..])
        : BinaryPrimitives.ReadUInt16BigEndian(span[at..]);

    public uint U32(ReadOnlySpan<byte> span, int at) => LittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(span[at..])
        : BinaryPrimitives.ReadUInt32BigEndian(span[at..]);

    public ulong Word(ReadOnlySpan<byte> span, int at) => !Is64 ? U32(span, at) : LittleEndian
        ? BinaryPrimitives.ReadUInt64LittleEndian(span[at..])
        : BinaryPrimitives.ReadUInt64BigEndian(span[at..]);

    public ElfFormatException Fault(string fault) => new(Path, fault);

    /// <summary>
    /// A version chain whose step to the next entry is 0 before its count is reached. Steps are relative and unsigned,
    /// so this is the only way such a chain can loop; following it would read the same entry again.
    /// </summary>
    public ElfFormatException ChainLoop(string chain, ulong entry, ulong count) =>
        Fault($"{chain} loops: entry {entry} of {count} links back to itself (next offset 0)");
}
