namespace DeployMatrix.Elf;

/// <summary>
/// Where the dynamic string, symbol and symbol-version tables lie. Taken from the section headers when the file has a
/// dynamic section header (exact sizes, and <c>sh_link</c> names each string table); otherwise from the dynamic tags,
/// translated through the loadable segments, which is how the loader itself finds them.
/// </summary>
internal sealed record DynamicTables(
    FileRange? Strings,
    DynamicTables.Table? Symbols,
    FileRange? VersionSymbols,
    DynamicTables.Table? VersionNeeds,
    DynamicTables.Table? VersionDefinitions)
{
    public static DynamicTables FromSections(ElfReader reader, SectionHeaders sections, SectionHeaders.Section dynamic)
    {
        var symbols = sections.Find(SectionHeaders.TypeDynamicSymbols);
        var needs = sections.Find(SectionHeaders.TypeVersionNeeds);
        var definitions = sections.Find(SectionHeaders.TypeVersionDefinitions);
        return new DynamicTables(
            sections.StringsOf(reader, dynamic, "the dynamic section"),
            symbols is { } s
                ? new Table(s.Range, s.Range.Size / (ulong)SymbolSize(reader), sections.StringsOf(reader, s, "the dynamic symbol table"))
                : null,
            sections.Find(SectionHeaders.TypeVersionSymbols)?.Range,
            needs is { } n ? new Table(n.Range, n.Info, sections.StringsOf(reader, n, "the version needs")) : null,
            definitions is { } d ? new Table(d.Range, d.Info, sections.StringsOf(reader, d, "the version definitions")) : null);
    }

    public static DynamicTables FromTags(ElfReader reader, Segments segments, DynamicSection dynamic, ElfMachine machine)
    {
        var strings = dynamic.StringTable is { } stringTable
            ? Within(reader, segments.Translate(reader, stringTable, "DT_STRTAB"), dynamic.StringTableSize, "the dynamic string table (DT_STRSZ)")
            : (FileRange?)null;

        // DT_SYMTAB and DT_VERSYM have no size; both have one entry per symbol.
        var count = DynamicSymbolCount.Read(reader, segments, dynamic, machine);
        var symbols = dynamic.SymbolTable is { } symbolTable
            ? new Table(Within(reader, segments.Translate(reader, symbolTable, "DT_SYMTAB"), count * (ulong)SymbolSize(reader), $"{count} dynamic symbols"), count, strings)
            : (Table?)null;
        var versions = dynamic.VersionSymbols is { } versionSymbols
            ? Within(reader, segments.Translate(reader, versionSymbols, "DT_VERSYM"), count * 2, $"{count} symbol versions")
            : (FileRange?)null;
        var needs = dynamic.VersionNeeds is { } versionNeeds
            ? new Table(segments.Translate(reader, versionNeeds, "DT_VERNEED"), dynamic.VersionNeedCount, strings)
            : (Table?)null;
        var definitions = dynamic.VersionDefinitions is { } versionDefinitions
            ? new Table(segments.Translate(reader, versionDefinitions, "DT_VERDEF"), dynamic.VersionDefinitionCount, strings)
            : (Table?)null;
        return new DynamicTables(strings, symbols, versions, needs, definitions);
    }

    public static int SymbolSize(ElfReader reader) => reader.Is64 ? 24 : 16;

    private static FileRange Within(ElfReader reader, FileRange segmentRest, ulong? size, string what) => size switch
    {
        null => segmentRest,
        var s when s > segmentRest.Size => throw reader.Fault(
            $"{what}: {s} bytes at offset {segmentRest.Offset} run past the end of their loadable segment ({segmentRest.Size} bytes left)"),
        var s => segmentRest with { Size = s.Value },
    };

    /// <summary>A table of <paramref name="Count"/> entries whose names are in the string table <paramref name="Strings"/>.</summary>
    internal readonly record struct Table(FileRange Range, ulong Count, FileRange? Strings);
}
