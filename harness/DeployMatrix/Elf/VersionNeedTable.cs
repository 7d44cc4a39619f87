namespace DeployMatrix.Elf;

/// <summary>
/// Reads <c>.gnu.version_r</c> (which versions are needed from which library) and, through <c>.gnu.version</c>, the
/// imported dynamic symbols that ask for each.
/// </summary>
internal static class VersionNeedTable
{
    private const int NeedSize = 16;
    private const int AuxiliarySize = 16;

    // Bit 15 of a version index marks a hidden symbol; the index is the other 15 bits.
    private const int VersionIndexMask = 0x7fff;

    public static IReadOnlyList<VersionRequirement> Read(ElfReader reader, DynamicTables tables)
    {
        if (tables.VersionNeeds is not { Count: > 0 } needs)
        {
            return [];
        }

        var table = reader.Slice(needs.Range, "the version needs (.gnu.version_r)");
        var strings = new StringTable(reader, needs.Strings, "the string table of the version needs");
        if (needs.Count > (ulong)(table.Length / NeedSize))
        {
            throw reader.Fault($"{needs.Count} version needs (DT_VERNEEDNUM or sh_info) do not fit in the {table.Length} bytes of .gnu.version_r");
        }

        var found = new List<(string Library, string Version, int Index)>();
        long at = 0;
        for (ulong i = 0; i < needs.Count; i++)
        {
            if (at > table.Length - NeedSize)
            {
                throw reader.Fault($"version need {i} lies at offset {at}, past the end of .gnu.version_r ({table.Length} bytes)");
            }

            var need = table.Slice((int)at, NeedSize);
            var versionCount = reader.U16(need, 2);
            var library = strings.Get(reader.U32(need, 4), "a needed library (vn_file)");
            var auxiliary = at + reader.U32(need, 8);
            for (var j = 0; j < versionCount; j++)
            {
                if (auxiliary > table.Length - AuxiliarySize)
                {
                    throw reader.Fault($"version {j} needed from {library} lies at offset {auxiliary}, past the end of .gnu.version_r ({table.Length} bytes)");
                }

                var version = table.Slice((int)auxiliary, AuxiliarySize);
                found.Add((library, strings.Get(reader.U32(version, 8), "a needed version (vna_name)"), reader.U16(version, 6) & VersionIndexMask));
                var nextVersion = reader.U32(version, 12);
                if (nextVersion == 0 && j + 1 < versionCount)
                {
                    throw reader.ChainLoop($"the versions needed from {library} (vna_next)", (ulong)j + 1, versionCount);
                }

                auxiliary += nextVersion;
            }

            var next = reader.U32(need, 12);
            if (next == 0 && i + 1 < needs.Count)
            {
                throw reader.ChainLoop("the version needs (vn_next)", i + 1, needs.Count);
            }

            at += next;
        }

        var symbols = ImportedSymbols(reader, tables, found);
        var requirements = new VersionRequirement[found.Count];
        for (var k = 0; k < found.Count; k++)
        {
            var names = symbols[k] ?? [];
            names.Sort(StringComparer.Ordinal);
            requirements[k] = new VersionRequirement(found[k].Library, found[k].Version, names);
        }

        return requirements;
    }

    /// <summary>
    /// For each need, the names of the dynamic symbols whose <c>.gnu.version</c> index is its <c>vna_other</c>. These are
    /// the undefined symbols, and also the defined ones an executable holds copies of (<c>stdout</c>, <c>stdin</c>, moved
    /// into its .bss by copy relocations): the loader looks those up in the library, with that version, just the same.
    /// A file's own definitions never carry a need's index.
    /// </summary>
    private static List<string>?[] ImportedSymbols(ElfReader reader, DynamicTables tables, List<(string Library, string Version, int Index)> needs)
    {
        var result = new List<string>?[needs.Count];
        if (tables.Symbols is not { } symbols || tables.VersionSymbols is not { } versionRange || needs.Count == 0)
        {
            return result;
        }

        // Version index -> need; indexes are small (below the number of versions), so an array beats a dictionary.
        var byIndex = new int[needs.Max(n => n.Index) + 1];
        Array.Fill(byIndex, -1);
        for (var k = needs.Count - 1; k >= 0; k--)
        {
            byIndex[needs[k].Index] = k;
        }

        var symbolSize = DynamicTables.SymbolSize(reader);
        var table = reader.Slice(symbols.Range, "the dynamic symbol table (.dynsym)");
        var versions = reader.Slice(versionRange, "the symbol versions (.gnu.version)");
        if (symbols.Count > (ulong)(table.Length / symbolSize) || symbols.Count > (ulong)(versions.Length / 2))
        {
            throw reader.Fault($"{symbols.Count} dynamic symbols do not fit in .dynsym ({table.Length} bytes) and .gnu.version ({versions.Length} bytes)");
        }

        var names = new StringTable(reader, symbols.Strings, "the string table of the dynamic symbols");
        for (var s = 1; s < (int)symbols.Count; s++)
        {
            var index = reader.U16(versions, 2 * s) & VersionIndexMask;
            if (index >= byIndex.Length || byIndex[index] < 0)
            {
                continue;
            }

            (result[byIndex[index]] ??= []).Add(names.Get(reader.U32(table, s * symbolSize), "a symbol name (st_name)"));
        }

        return result;
    }
}
