namespace DeployMatrix.Elf;

/// <summary>
/// How many dynamic symbols there are when no section header says so: <c>DT_SYMTAB</c> has no size. <c>DT_HASH</c>
/// counts every symbol, but current linkers emit only <c>DT_GNU_HASH</c>, which covers the defined symbols alone (an
/// executable's is often empty). The imported symbols are the ones relocations bind, so the count is the larger of
/// what the hash table covers and the highest symbol a relocation names, plus one. MIPS binds imports through its GOT
/// without relocations, and says the count itself (<c>DT_MIPS_SYMTABNO</c>).
/// </summary>
internal static class DynamicSymbolCount
{
    public static ulong Read(ElfReader reader, Segments segments, DynamicSection dynamic, ElfMachine machine)
    {
        if (machine == ElfMachine.Mips && dynamic.MipsSymbolCount is { } mipsCount)
        {
            return mipsCount;
        }

        ulong count = 0;
        if (dynamic.GnuHash is { } gnuHash)
        {
            count = FromGnuHash(reader, reader.Slice(segments.Translate(reader, gnuHash, "DT_GNU_HASH"), "the GNU hash table"));
        }
        else if (dynamic.Hash is { } hash)
        {
            // nbucket, nchain, ...: nchain is the number of symbols. (64-bit s390 makes the entries 8 bytes, but its
            // linkers emit DT_GNU_HASH too, which is read first.)
            var table = reader.Slice(segments.Translate(reader, hash, "DT_HASH"), "the hash table");
            count = table.Length >= 8 ? reader.U32(table, 4) : throw reader.Fault("the hash table (DT_HASH) is cut short");
        }

        foreach (var (address, size, withAddend) in dynamic.Relocations)
        {
            count = Math.Max(count, FromRelocations(reader, segments, address, size, withAddend));
        }

        return count;
    }

    /// <summary>
    /// Symbols below <c>symoffset</c> are not hashed; above it, the highest bucket start leads to the chain holding the
    /// last symbol, whose final entry has bit 0 set.
    /// </summary>
    private static ulong FromGnuHash(ElfReader reader, ReadOnlySpan<byte> table)
    {
        if (table.Length < 16)
        {
            throw reader.Fault("the GNU hash table (DT_GNU_HASH) is cut short");
        }

        var bucketCount = reader.U32(table, 0);
        var symbolOffset = reader.U32(table, 4);
        var bloomWords = reader.U32(table, 8);
        var buckets = 16 + ((long)bloomWords * reader.WordSize);
        var chains = buckets + (4L * bucketCount);
        if (chains > table.Length)
        {
            throw reader.Fault($"the GNU hash table's {bloomWords} bloom words and {bucketCount} buckets run past its segment ({table.Length} bytes)");
        }

        uint last = 0;
        for (var at = (int)buckets; at < chains; at += 4)
        {
            last = Math.Max(last, reader.U32(table, at));
        }

        // Symbols below symoffset exist but are not hashed. An empty table (all buckets 0) hashes nothing; its
        // symoffset is then only a lower bound (aarch64 binutils writes 1 with a dozen symbols present).
        if (last == 0 || last < symbolOffset)
        {
            return symbolOffset;
        }

        for (var at = chains + (4L * (last - symbolOffset)); ; at += 4, last++)
        {
            if (at > table.Length - 4)
            {
                throw reader.Fault($"the GNU hash chain of symbol {last} runs past the end of its segment");
            }

            if ((reader.U32(table, (int)at) & 1) != 0)
            {
                return (ulong)last + 1;
            }
        }
    }

    private static ulong FromRelocations(ElfReader reader, Segments segments, ulong address, ulong size, bool withAddend)
    {
        var rest = segments.Translate(reader, address, "a relocation table (DT_RELA, DT_REL or DT_JMPREL)");
        if (size > rest.Size)
        {
            throw reader.Fault($"a relocation table of {size} bytes at offset {rest.Offset} runs past the end of its loadable segment");
        }

        var table = reader.Slice(rest.Offset, size, "a relocation table");
        var entrySize = reader.WordSize * (withAddend ? 3 : 2);

        // r_info holds the symbol index above the relocation type: bits 32+ in ELF64, 8+ in ELF32.
        ulong highest = 0;
        for (var at = 0; at <= table.Length - entrySize; at += entrySize)
        {
            var info = reader.Word(table, at + reader.WordSize);
            highest = Math.Max(highest, reader.Is64 ? info >> 32 : info >> 8);
        }

        return highest == 0 ? 0 : highest + 1;
    }
}
