namespace DeployMatrix.Elf;

/// <summary>
/// The section header table, where it is present: it types each table exactly and gives its size and the string table
/// it uses (<c>sh_link</c>). Stripped files (sstrip, some packers) have none; the loader never needs it.
/// </summary>
internal sealed class SectionHeaders
{
    public const uint TypeDynamic = 6;
    public const uint TypeDynamicSymbols = 11;
    public const uint TypeVersionDefinitions = 0x6ffffffd;
    public const uint TypeVersionNeeds = 0x6ffffffe;
    public const uint TypeVersionSymbols = 0x6fffffff;

    private readonly Section[] _sections;

    private SectionHeaders(Section[] sections) => _sections = sections;

    /// <summary>The table at <paramref name="offset"/>, or null when the file has none.</summary>
    public static SectionHeaders? Read(ElfReader reader, ulong offset, ushort entrySize, ushort count)
    {
        if (offset == 0)
        {
            return null;
        }

        var headerSize = reader.Is64 ? 64 : 40;
        if (entrySize < headerSize)
        {
            throw reader.Fault($"section headers are {entrySize} bytes each (e_shentsize), less than the {headerSize} of one entry");
        }

        // With 0xff00 sections or more, e_shnum is 0 and the count is in sh_size of the first entry.
        var total = count != 0 ? count : reader.Word(reader.Slice(offset, (ulong)headerSize, "the first section header"), reader.Is64 ? 32 : 20);
        if (total > (ulong)reader.Length / entrySize)
        {
            throw reader.Fault($"truncated: the section header table at offset {offset} has {total} entries of {entrySize} bytes, the file has {reader.Length}");
        }

        var table = reader.Slice(offset, total * entrySize, "the section header table");
        var sections = new Section[total];
        for (var i = 0; i < sections.Length; i++)
        {
            var header = table.Slice(i * entrySize, headerSize);
            sections[i] = new Section(
                reader.U32(header, 4),
                new FileRange(reader.Word(header, reader.Is64 ? 24 : 16), reader.Word(header, reader.Is64 ? 32 : 20)),
                reader.U32(header, reader.Is64 ? 40 : 24),
                reader.U32(header, reader.Is64 ? 44 : 28));
        }

        return new SectionHeaders(sections);
    }

    /// <summary>The first section of <paramref name="type"/>; the loader's tables occur once each.</summary>
    public Section? Find(uint type)
    {
        foreach (var section in _sections)
        {
            if (section.Type == type)
            {
                return section;
            }
        }

        return null;
    }

    /// <summary>The string table that <paramref name="section"/> names its strings in.</summary>
    public FileRange StringsOf(ElfReader reader, Section section, string name) => section.Link < _sections.Length
        ? _sections[section.Link].Range
        : throw reader.Fault($"{name} links to section {section.Link} for its strings, but there are only {_sections.Length} sections");

    /// <summary>One section header: its type, bytes, linked section (<c>sh_link</c>) and extra count (<c>sh_info</c>).</summary>
    internal readonly record struct Section(uint Type, FileRange Range, uint Link, uint Info);
}
