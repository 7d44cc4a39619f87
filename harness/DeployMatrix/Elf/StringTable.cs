using System.Text;

namespace DeployMatrix.Elf;

/// <summary>A string table (<c>.dynstr</c>): NUL-terminated names looked up by byte index, each index checked.</summary>
internal readonly ref struct StringTable
{
    private readonly ElfReader _reader;
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly string _name;

    /// <summary>The table at <paramref name="range"/>; an absent table is empty, so any lookup in it is a fault.</summary>
    public StringTable(ElfReader reader, FileRange? range, string name)
    {
        _reader = reader;
        _bytes = range is { } r ? reader.Slice(r, name) : default;
        _name = name;
    }

    /// <summary>The string at <paramref name="index"/>; <paramref name="use"/> says what refers to it, for the fault.</summary>
    public string Get(ulong index, string use)
    {
        if (index >= (ulong)_bytes.Length)
        {
            throw _reader.Fault($"string index {index} of {use} is past the end of {_name} ({_bytes.Length} bytes)");
        }

        var rest = _bytes[(int)index..];
        var end = rest.IndexOf((byte)0);
        return end >= 0
            ? Encoding.UTF8.GetString(rest[..end])
            : throw _reader.Fault($"the string at index {index} of {use} runs past the end of {_name} without a terminating NUL");
    }
}
