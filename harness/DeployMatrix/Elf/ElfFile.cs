using System.IO.MemoryMappedFiles;

namespace DeployMatrix.Elf;

/// <summary>
/// What an ELF file says about how it is loaded: class, byte order, machine, interpreter, the libraries and search
/// paths it needs, and the symbol versions it needs and provides. Read from the bytes only: a binary under test is never
/// executed on the host to learn this (ldd may run it).
/// </summary>
internal sealed class ElfFile
{
    private bool _pie;

    private ElfFile(string path) => Path = path;

    public string Path { get; }

    public ElfClass Class { get; private init; }

    public bool LittleEndian { get; private init; }

    public ElfMachine Machine { get; private init; }

    /// <summary>The file type (<c>e_type</c>): 2 for a fixed-address executable, 3 for a PIE or shared object.</summary>
    public ushort Type { get; private init; }

    /// <summary>The <c>PT_INTERP</c> path, or null when the kernel runs the file itself.</summary>
    public string? Interpreter { get; private init; }

    /// <summary>Whether there is a <c>PT_DYNAMIC</c> segment; all the dynamic properties below are empty without one.</summary>
    public bool HasDynamicSection { get; private init; }

    /// <summary><c>DT_SONAME</c>: the name a library is looked up by, or null.</summary>
    public string? Soname { get; private set; }

    /// <summary><c>DT_NEEDED</c>, in file order, which is the order the loader loads them in.</summary>
    public IReadOnlyList<string> Needed { get; private set; } = [];

    /// <summary>
    /// <c>DT_RPATH</c> split on ':', unexpanded (<c>$ORIGIN</c> stays as is); empty when absent. glibc ignores it when
    /// <see cref="Runpath"/> is present.
    /// </summary>
    public IReadOnlyList<string> Rpath { get; private set; } = [];

    /// <summary><c>DT_RUNPATH</c> split on ':', unexpanded; empty when absent.</summary>
    public IReadOnlyList<string> Runpath { get; private set; } = [];

    /// <summary>The <c>.gnu.version_r</c> needs in file order (grouped by library), each with the symbols needing it.</summary>
    public IReadOnlyList<VersionRequirement> VersionRequirements { get; private set; } = [];

    /// <summary>
    /// For a statically linked program, whether it still loads glibc's NSS modules at run time: those must be of the
    /// glibc it was linked with, on the system it runs on (<see cref="StaticNss"/>).
    /// </summary>
    public bool LoadsNssModules { get; private set; }

    /// <summary>The undefined, non-weak dynamic symbols the file takes from the libraries it loads, in table order.</summary>
    public IReadOnlyList<string> ImportedSymbols { get; private set; } = [];

    /// <summary>
    /// The <c>.gnu.version_d</c> version names a library provides (<c>GLIBC_2.2.5</c> ... <c>GLIBC_PRIVATE</c>) in file
    /// order, without the base entry, which is the library's own name.
    /// </summary>
    public IReadOnlyList<string> VersionDefinitions { get; private set; } = [];

    public ElfLinkage Linkage => Interpreter is not null ? ElfLinkage.Dynamic
        : Type != ElfIdentity.SharedObject || !HasDynamicSection ? ElfLinkage.Static
        : _pie ? ElfLinkage.StaticPie
        : ElfLinkage.SharedLibrary;

    /// <summary>The largest file read as a binary: what one span addresses; binaries shipped are hundreds of MB at most.</summary>
    public static readonly long LargestFile = Array.MaxLength;

    public static ElfFile Read(string path)
    {
        // Before opening it: a FIFO would block the open, a device never end the read.
        if (InputFile.Problem(path, "a binary", LargestFile) is { } problem)
        {
            throw new DeployMatrixException($"{path} {problem}");
        }

        try
        {
            using var file = File.OpenHandle(path);
            var length = RandomAccess.GetLength(file);

            if (length == 0)
            {
                return Parse(path, []);
            }

            // Mapped, not read: the parser touches the headers and tables it needs and the kernel reads only those
            // pages, so a 100 MB binary costs what its headers cost, in time and in memory.
            using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return ParseMapped(path, view, (int)length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployMatrixException($"{path}: cannot be read: {e.Message}", e);
        }
    }

    private static unsafe ElfFile ParseMapped(string path, MemoryMappedViewAccessor view, int length)
    {
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return Parse(path, new ReadOnlySpan<byte>(pointer + view.PointerOffset, length));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    public static ElfFile Parse(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16 || !ElfIdentity.HasMagic(bytes))
        {
            throw new ElfFormatException(path, "it does not start with the ELF magic bytes 7f 45 4c 46");
        }

        var elfClass = ElfIdentity.ClassOf(bytes[4])
            ?? throw new ElfFormatException(path, $"unknown class {bytes[4]} in byte 4 (1 is 32-bit, 2 is 64-bit)");
        var little = ElfIdentity.IsLittleEndian(bytes[5])
            ?? throw new ElfFormatException(path, $"unknown data encoding {bytes[5]} in byte 5 (1 is little-endian, 2 big-endian)");
        var reader = new ElfReader(path, bytes, elfClass == ElfClass.Elf64, little);
        var is64 = reader.Is64;
        var header = reader.Slice(0, is64 ? 64u : 52u, "the ELF header");
        var segments = Segments.Read(reader, reader.Word(header, is64 ? 32 : 28), reader.U16(header, is64 ? 54 : 42), reader.U16(header, is64 ? 56 : 44));
        var file = new ElfFile(path)
        {
            Class = elfClass,
            LittleEndian = little,
            Machine = (ElfMachine)reader.U16(header, 18),
            Type = reader.U16(header, 16),
            Interpreter = segments.Interpreter,
            HasDynamicSection = segments.Dynamic is not null,
        };
        if (segments.Dynamic is { } dynamicSegment)
        {
            var sections = SectionHeaders.Read(reader, reader.Word(header, is64 ? 40 : 32), reader.U16(header, is64 ? 58 : 46), reader.U16(header, is64 ? 60 : 48));
            file.ReadDynamic(reader, segments, dynamicSegment, sections);
        }

        if (file.Linkage is ElfLinkage.Static or ElfLinkage.StaticPie)
        {
            // Only what is mapped read-only: a 100 MB program's other bytes are never read.
            foreach (var range in segments.ReadOnlyLoads)
            {
                if (StaticNss.In(reader, range))
                {
                    file.LoadsNssModules = true;
                    break;
                }
            }
        }

        return file;
    }

    private void ReadDynamic(ElfReader reader, Segments segments, FileRange dynamicSegment, SectionHeaders? sections)
    {
        DynamicSection dynamic;
        DynamicTables tables;
        if (sections?.Find(SectionHeaders.TypeDynamic) is { } section)
        {
            dynamic = DynamicSection.Read(reader, section.Range);
            tables = DynamicTables.FromSections(reader, sections, section);
        }
        else
        {
            dynamic = DynamicSection.Read(reader, dynamicSegment);
            tables = DynamicTables.FromTags(reader, segments, dynamic, Machine);
        }

        var strings = new StringTable(reader, tables.Strings, "the dynamic string table");
        var needed = new string[dynamic.Needed.Count];
        for (var i = 0; i < needed.Length; i++)
        {
            needed[i] = strings.Get(dynamic.Needed[i], "DT_NEEDED");
        }

        Needed = needed;
        Soname = dynamic.Soname is { } soname ? strings.Get(soname, "DT_SONAME") : null;
        Rpath = dynamic.Rpath is { } rpath ? strings.Get(rpath, "DT_RPATH").Split(':') : [];
        Runpath = dynamic.Runpath is { } runpath ? strings.Get(runpath, "DT_RUNPATH").Split(':') : [];
        VersionRequirements = VersionNeedTable.Read(reader, tables);
        VersionDefinitions = VersionDefinitionTable.Read(reader, tables);
        ImportedSymbols = ImportedSymbolTable.Read(reader, tables);
        _pie = dynamic.IsPie;
    }
}
