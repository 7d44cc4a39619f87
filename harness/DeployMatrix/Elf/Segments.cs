using System.Text;

namespace DeployMatrix.Elf;

/// <summary>
/// The program headers, which are what the kernel and the loader act on: the interpreter, the dynamic segment, and the
/// loadable segments that map the virtual addresses in dynamic tags back to file offsets.
/// </summary>
internal sealed class Segments
{
    private const uint TypeLoad = 1;
    private const uint TypeDynamic = 2;
    private const uint TypeInterpreter = 3;

    /// <summary><c>PF_W</c> of <c>p_flags</c>: the segment is mapped writable.</summary>
    private const uint FlagWrite = 2;

    private readonly List<LoadSegment> _loads = [];

    private Segments()
    {
    }

    /// <summary>The <c>PT_INTERP</c> path, or null when the kernel runs the file itself.</summary>
    public string? Interpreter { get; private set; }

    /// <summary>The <c>PT_DYNAMIC</c> bytes, or null when the loader has nothing to do for this file.</summary>
    public FileRange? Dynamic { get; private set; }

    /// <summary>
    /// The file bytes of the loadable segments mapped read-only: where a program's constants (its string literals
    /// among them) are. What no segment maps (debug information, a payload appended to the file) is never in memory.
    /// </summary>
    public IEnumerable<FileRange> ReadOnlyLoads =>
        _loads.Where(load => (load.Flags & FlagWrite) == 0).Select(load => new FileRange(load.Offset, load.FileSize));

    public static Segments Read(ElfReader reader, ulong tableOffset, ushort entrySize, ushort count)
    {
        var headerSize = reader.Is64 ? 56 : 32;
        if (count > 0 && entrySize < headerSize)
        {
            throw reader.Fault($"program headers are {entrySize} bytes each (e_phentsize), less than the {headerSize} of one entry");
        }

        var table = reader.Slice(tableOffset, (ulong)entrySize * count, "the program header table");
        var segments = new Segments();
        for (var i = 0; i < count; i++)
        {
            var header = table.Slice(i * entrySize, headerSize);
            var offset = reader.Word(header, reader.Is64 ? 8 : 4);
            var address = reader.Word(header, reader.Is64 ? 16 : 8);
            var fileSize = reader.Word(header, reader.Is64 ? 32 : 16);
            var flags = reader.U32(header, reader.Is64 ? 4 : 24);
            switch (reader.U32(header, 0))
            {
                // The kernel uses the first PT_INTERP and PT_DYNAMIC; later ones are ignored as it ignores them.
                case TypeInterpreter when segments.Interpreter is null:
                    var text = reader.Slice(offset, fileSize, "the interpreter path (PT_INTERP)");
                    var end = text.IndexOf((byte)0);
                    segments.Interpreter = Encoding.UTF8.GetString(end < 0 ? text : text[..end]);
                    break;
                case TypeDynamic when segments.Dynamic is null:
                    segments.Dynamic = new FileRange(offset, fileSize);
                    break;
                case TypeLoad:
                    segments._loads.Add(new LoadSegment(address, offset, fileSize, flags));
                    break;
            }
        }

        return segments;
    }

    /// <summary>
    /// The file bytes from virtual address <paramref name="address"/> to the end of the file part of the loadable
    /// segment holding it: how the loader finds a table that a dynamic tag (<paramref name="tag"/>) points to.
    /// </summary>
    public FileRange Translate(ElfReader reader, ulong address, string tag)
    {
        foreach (var load in _loads)
        {
            if (address >= load.Address && address - load.Address < load.FileSize)
            {
                var delta = address - load.Address;
                if (load.Offset > (ulong)reader.Length || delta > (ulong)reader.Length - load.Offset)
                {
                    throw reader.Fault($"{tag} points to address 0x{address:x}, past the end of the file");
                }

                return new FileRange(load.Offset + delta, load.FileSize - delta);
            }
        }

        throw reader.Fault($"{tag} points to address 0x{address:x}, which no loadable segment (PT_LOAD) holds");
    }

    private readonly record struct LoadSegment(ulong Address, ulong Offset, ulong FileSize, uint Flags);
}
