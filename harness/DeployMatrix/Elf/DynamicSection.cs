namespace DeployMatrix.Elf;

/// <summary>
/// The entries of the dynamic section that say what the loader must find: libraries and search paths (as offsets into
/// the dynamic string table), the <c>DF_1_PIE</c> flag, and the addresses of the symbol and version tables.
/// </summary>
internal sealed class DynamicSection
{
    private const ulong TagNull = 0;
    private const ulong TagNeeded = 1;
    private const ulong TagPltRelocationsSize = 2;
    private const ulong TagHash = 4;
    private const ulong TagStringTable = 5;
    private const ulong TagSymbolTable = 6;
    private const ulong TagRela = 7;
    private const ulong TagRelaSize = 8;
    private const ulong TagStringTableSize = 10;
    private const ulong TagSoname = 14;
    private const ulong TagRpath = 15;
    private const ulong TagRel = 17;
    private const ulong TagRelSize = 18;
    private const ulong TagPltRelocationType = 20;
    private const ulong TagPltRelocations = 23;
    private const ulong TagRunpath = 29;
    private const ulong TagGnuHash = 0x6ffffef5;
    private const ulong TagVersionSymbols = 0x6ffffff0;
    private const ulong TagFlags1 = 0x6ffffffb;
    private const ulong TagVersionDefinitions = 0x6ffffffc;
    private const ulong TagVersionDefinitionCount = 0x6ffffffd;
    private const ulong TagVersionNeeds = 0x6ffffffe;
    private const ulong TagVersionNeedCount = 0x6fffffff;
    private const ulong TagMipsSymbolCount = 0x70000011;
    private const ulong FlagPie = 0x08000000;

    private readonly List<ulong> _needed = [];

    private DynamicSection()
    {
    }

    /// <summary>String offsets of the <c>DT_NEEDED</c> entries, in the order the loader loads them.</summary>
    public IReadOnlyList<ulong> Needed => _needed;

    public ulong? Soname { get; private set; }

    public ulong? Rpath { get; private set; }

    public ulong? Runpath { get; private set; }

    /// <summary>
    /// Set by the linker for position-independent executables, static-pie included (binutils 2.26+, lld). glibc 2.30+
    /// refuses to <c>dlopen</c> such a file, so this is what tells an executable from a library.
    /// </summary>
    public bool IsPie { get; private set; }

    public ulong? StringTable { get; private set; }

    public ulong? StringTableSize { get; private set; }

    public ulong? SymbolTable { get; private set; }

    public ulong? Hash { get; private set; }

    public ulong? GnuHash { get; private set; }

    public ulong? VersionSymbols { get; private set; }

    /// <summary>The relocation tables as (address, size, is RELA) from <c>DT_RELA</c>, <c>DT_REL</c> and <c>DT_JMPREL</c>.</summary>
    public IEnumerable<(ulong Address, ulong Size, bool WithAddend)> Relocations
    {
        get
        {
            if (Rela is { } rela)
            {
                yield return (rela, RelaSize, true);
            }

            if (Rel is { } rel)
            {
                yield return (rel, RelSize, false);
            }

            if (PltRelocations is { } plt)
            {
                yield return (plt, PltRelocationsSize, PltRelocationType == TagRela);
            }
        }
    }

    public ulong? VersionNeeds { get; private set; }

    private ulong? Rela { get; set; }

    private ulong RelaSize { get; set; }

    private ulong? Rel { get; set; }

    private ulong RelSize { get; set; }

    private ulong? PltRelocations { get; set; }

    private ulong PltRelocationsSize { get; set; }

    private ulong PltRelocationType { get; set; }

    public ulong VersionNeedCount { get; private set; }

    public ulong? VersionDefinitions { get; private set; }

    public ulong VersionDefinitionCount { get; private set; }

    /// <summary>
    /// The value of processor-specific tag 0x70000011, which on MIPS only is <c>DT_MIPS_SYMTABNO</c>, the number of
    /// dynamic symbols.
    /// </summary>
    public ulong? MipsSymbolCount { get; private set; }

    /// <summary>
    /// The entries up to <c>DT_NULL</c> (or the end of the section). A tag given twice keeps its last value, as glibc's
    /// <c>elf_get_dynamic_info</c> does.
    /// </summary>
    public static DynamicSection Read(ElfReader reader, FileRange range)
    {
        var bytes = reader.Slice(range, "the dynamic section");
        var entrySize = 2 * reader.WordSize;
        var dynamic = new DynamicSection();
        for (var at = 0; at <= bytes.Length - entrySize; at += entrySize)
        {
            var value = reader.Word(bytes, at + reader.WordSize);
            switch (reader.Word(bytes, at))
            {
                case TagNull: return dynamic;
                case TagNeeded: dynamic._needed.Add(value); break;
                case TagPltRelocationsSize: dynamic.PltRelocationsSize = value; break;
                case TagRela: dynamic.Rela = value; break;
                case TagRelaSize: dynamic.RelaSize = value; break;
                case TagRel: dynamic.Rel = value; break;
                case TagRelSize: dynamic.RelSize = value; break;
                case TagPltRelocationType: dynamic.PltRelocationType = value; break;
                case TagPltRelocations: dynamic.PltRelocations = value; break;
                case TagHash: dynamic.Hash = value; break;
                case TagStringTable: dynamic.StringTable = value; break;
                case TagSymbolTable: dynamic.SymbolTable = value; break;
                case TagStringTableSize: dynamic.StringTableSize = value; break;
                case TagSoname: dynamic.Soname = value; break;
                case TagRpath: dynamic.Rpath = value; break;
                case TagRunpath: dynamic.Runpath = value; break;
                case TagGnuHash: dynamic.GnuHash = value; break;
                case TagVersionSymbols: dynamic.VersionSymbols = value; break;
                case TagFlags1: dynamic.IsPie = (value & FlagPie) != 0; break;
                case TagVersionDefinitions: dynamic.VersionDefinitions = value; break;
                case TagVersionDefinitionCount: dynamic.VersionDefinitionCount = value; break;
                case TagVersionNeeds: dynamic.VersionNeeds = value; break;
                case TagVersionNeedCount: dynamic.VersionNeedCount = value; break;
                case TagMipsSymbolCount: dynamic.MipsSymbolCount = value; break;
            }
        }

        return dynamic;
    }
}
