namespace DeployMatrix.Elf;

/// <summary>
/// The symbols a file takes from the libraries it loads: the dynamic symbols it leaves undefined, weak ones apart (a
/// loader lets those stay unresolved). musl's loader has no symbol versions: such a name it finds nowhere is its
/// "symbol not found".
/// </summary>
internal static class ImportedSymbolTable
{
    private const int UndefinedSection = 0;
    private const int GlobalBinding = 1;

    /// <summary>The names, in table order, of the undefined non-weak dynamic symbols.</summary>
    public static IReadOnlyList<string> Read(ElfReader reader, DynamicTables tables)
    {
        if (tables.Symbols is not { } symbols)
        {
            return [];
        }

        var symbolSize = DynamicTables.SymbolSize(reader);
        var table = reader.Slice(symbols.Range, "the dynamic symbol table (.dynsym)");
        if (symbols.Count > (ulong)(table.Length / symbolSize))
        {
            throw reader.Fault($"{symbols.Count} dynamic symbols do not fit in .dynsym ({table.Length} bytes)");
        }

        // Elf64_Sym: name, info, other, shndx, ...; Elf32_Sym: name, value, size, info, other, shndx.
        var (info, section) = reader.Is64 ? (4, 6) : (12, 14);
        var names = new StringTable(reader, symbols.Strings, "the string table of the dynamic symbols");
        var imported = new List<string>();
        for (var s = 1; s < (int)symbols.Count; s++)
        {
            var offset = s * symbolSize;
            if (reader.U16(table, offset + section) == UndefinedSection && table[offset + info] >> 4 == GlobalBinding
                && names.Get(reader.U32(table, offset), "a symbol name (st_name)") is { Length: > 0 } name)
            {
                imported.Add(name);
            }
        }

        return imported;
    }
}
