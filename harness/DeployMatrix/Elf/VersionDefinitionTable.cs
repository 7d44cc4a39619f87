namespace DeployMatrix.Elf;

/// <summary>Reads <c>.gnu.version_d</c>: the symbol versions a library provides, such as <c>GLIBC_2.34</c>.</summary>
internal static class VersionDefinitionTable
{
    private const int DefinitionSize = 20;
    private const int AuxiliarySize = 8;
    private const ushort FlagBase = 1;

    /// <summary>The version names in file order, without the base entry (the file's own soname).</summary>
    public static IReadOnlyList<string> Read(ElfReader reader, DynamicTables tables)
    {
        if (tables.VersionDefinitions is not { Count: > 0 } definitions)
        {
            return [];
        }

        var table = reader.Slice(definitions.Range, "the version definitions (.gnu.version_d)");
        var strings = new StringTable(reader, definitions.Strings, "the string table of the version definitions");
        if (definitions.Count > (ulong)(table.Length / DefinitionSize))
        {
            throw reader.Fault($"{definitions.Count} version definitions (DT_VERDEFNUM or sh_info) do not fit in the {table.Length} bytes of .gnu.version_d");
        }

        var names = new List<string>((int)definitions.Count);
        long at = 0;
        for (ulong i = 0; i < definitions.Count; i++)
        {
            if (at > table.Length - DefinitionSize)
            {
                throw reader.Fault($"version definition {i} lies at offset {at}, past the end of .gnu.version_d ({table.Length} bytes)");
            }

            var definition = table.Slice((int)at, DefinitionSize);

            // The first auxiliary entry names the version; further ones name the versions it inherits from.
            if ((reader.U16(definition, 2) & FlagBase) == 0 && reader.U16(definition, 6) > 0)
            {
                var auxiliary = at + reader.U32(definition, 12);
                if (auxiliary > table.Length - AuxiliarySize)
                {
                    throw reader.Fault($"the name of version definition {i} lies at offset {auxiliary}, past the end of .gnu.version_d ({table.Length} bytes)");
                }

                names.Add(strings.Get(reader.U32(table, (int)auxiliary), "a defined version (vda_name)"));
            }

            var next = reader.U32(definition, 16);
            if (next == 0 && i + 1 < definitions.Count)
            {
                throw reader.ChainLoop("the version definitions (vd_next)", i + 1, definitions.Count);
            }

            at += next;
        }

        return names;
    }
}
