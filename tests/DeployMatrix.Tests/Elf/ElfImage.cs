using System.Buffers.Binary;
using System.Text;

namespace DeployMatrix.Tests.Elf;

/// <summary>
/// A small dynamic ELF file written byte by byte, for what no fixture has: big-endian and 32-bit layouts, static-pie,
/// shared libraries, version definitions, hidden symbol versions, <c>DT_HASH</c>. One loadable segment holds
/// everything, mapped at <see cref="LoadAddress"/> so that addresses and file offsets differ as they do in real files.
/// </summary>
internal sealed record ElfImage
{
    public const ulong LoadAddress = 0x10000;

    private const ushort Mips = 8;

    public bool Is64 { get; init; } = true;

    public bool BigEndian { get; init; }

    public ushort Machine { get; init; } = 62;

    /// <summary><c>e_type</c>: 2 fixed-address executable, 3 PIE or shared object.</summary>
    public ushort Type { get; init; } = 3;

    public string? Interpreter { get; init; }

    public bool Pie { get; init; }

    public IReadOnlyList<string> Needed { get; init; } = [];

    public string? Soname { get; init; }

    public string? Rpath { get; init; }

    public string? Runpath { get; init; }

    /// <summary>Needed versions by library; version indexes are given in this order, after the definitions.</summary>
    public IReadOnlyList<(string Library, string[] Versions)> VersionNeeds { get; init; } = [];

    /// <summary>Defined versions, after the base entry (named by <see cref="Soname"/>).</summary>
    public IReadOnlyList<string> VersionDefinitions { get; init; } = [];

    /// <summary>Dynamic symbols after the null one: a version name (or null) and whether it is defined here.</summary>
    public IReadOnlyList<(string Name, string? Version, bool Defined, bool Hidden)> Symbols { get; init; } = [];

    public bool SectionHeaders { get; init; } = true;

    /// <summary>A GNU hash table (symbol count from its chains) or else a SysV one (count in <c>nchain</c>).</summary>
    public bool GnuHash { get; init; } = true;

    public byte[] Build() => new Writer(this).Write();

    private sealed class Writer(ElfImage image)
    {
        private readonly Dictionary<string, uint> _stringOffsets = new(StringComparer.Ordinal);
        private readonly List<byte> _strings = [0];
        private byte[] _bytes = [];

        private int WordSize => image.Is64 ? 8 : 4;

        public byte[] Write()
        {
            var symbols = image.Symbols.OrderBy(s => s.Defined).ToList();
            var symbolCount = symbols.Count + 1;
            var firstDefined = symbols.FindIndex(s => s.Defined) is var d and >= 0 ? d + 1 : symbolCount;
            var versionIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var name in image.VersionDefinitions.Concat(image.VersionNeeds.SelectMany(n => n.Versions)))
            {
                versionIndexes[name] = versionIndexes.Count + 2;
            }

            foreach (var text in image.Needed.Concat([image.Soname, image.Rpath, image.Runpath, "base"])
                         .Concat(image.VersionNeeds.Select(n => n.Library)).Concat(versionIndexes.Keys).Concat(symbols.Select(s => s.Name)))
            {
                if (text is not null)
                {
                    String(text);
                }
            }

            var headerSize = image.Is64 ? 64 : 52;
            var programHeaderSize = image.Is64 ? 56 : 32;
            var programHeaderCount = image.Interpreter is null ? 2 : 3;
            var symbolSize = image.Is64 ? 24 : 16;
            var at = headerSize + (programHeaderCount * programHeaderSize);
            var interpreterAt = Reserve(ref at, image.Interpreter is null ? 0 : image.Interpreter.Length + 1);
            var stringsAt = Reserve(ref at, _strings.Count);
            var symbolsAt = Reserve(ref at, symbolCount * symbolSize);
            var versionsAt = Reserve(ref at, symbolCount * 2);
            var needsAt = Reserve(ref at, image.VersionNeeds.Sum(n => 16 + (16 * n.Versions.Length)));
            var definitionCount = image.VersionDefinitions.Count == 0 ? 0 : image.VersionDefinitions.Count + 1;
            var definitionsAt = Reserve(ref at, definitionCount * 28);
            var hashAt = Reserve(ref at, image.GnuHash ? 16 + WordSize + 4 + (4 * (symbolCount - firstDefined)) : 12 + (4 * symbolCount));
            var relocationSize = image.Is64 ? 24 : 8;
            var relocationsAt = Reserve(ref at, (firstDefined - 1) * relocationSize);
            var dynamic = DynamicEntries(stringsAt, symbolsAt, versionsAt, needsAt, definitionsAt, definitionCount, hashAt);
            if (image.Machine == Mips)
            {
                // MIPS binds imports through its GOT, without relocations, and gives the symbol count instead.
                dynamic.Insert(dynamic.Count - 1, (0x70000011, (ulong)symbolCount));
            }
            else if (firstDefined > 1)
            {
                // Imports are bound through PLT relocations (RELA in ELF64, REL in ELF32), as real files do.
                dynamic.InsertRange(dynamic.Count - 1, [(23, Address(relocationsAt)), (2, (ulong)((firstDefined - 1) * relocationSize)), (20, image.Is64 ? 7UL : 17UL)]);
            }

            var dynamicAt = Reserve(ref at, dynamic.Count * 2 * WordSize);
            var sectionsAt = Reserve(ref at, image.SectionHeaders ? 7 * (image.Is64 ? 64 : 40) : 0);
            _bytes = new byte[at];

            WriteHeader(headerSize, programHeaderSize, programHeaderCount, sectionsAt);
            var program = headerSize;
            ProgramHeader(ref program, 1, 0, at);
            ProgramHeader(ref program, 2, dynamicAt, dynamic.Count * 2 * WordSize);
            if (image.Interpreter is { } interpreter)
            {
                ProgramHeader(ref program, 3, interpreterAt, interpreter.Length + 1);
                Encoding.ASCII.GetBytes(interpreter).CopyTo(_bytes, interpreterAt);
            }

            _strings.ToArray().CopyTo(_bytes, stringsAt);
            for (var i = 0; i < symbols.Count; i++)
            {
                var symbol = symbolsAt + ((i + 1) * symbolSize);
                U32(symbol, _stringOffsets[symbols[i].Name]);
                U16(symbol + (image.Is64 ? 6 : 14), (ushort)(symbols[i].Defined ? 7 : 0));
                var index = symbols[i].Version is { } version ? versionIndexes[version] : 1;
                U16(versionsAt + ((i + 1) * 2), (ushort)(index | (symbols[i].Hidden ? 0x8000 : 0)));
            }

            for (var s = 1; s < firstDefined && image.Machine != Mips; s++)
            {
                var relocation = relocationsAt + ((s - 1) * relocationSize);
                Word(relocation, Address(sectionsAt) + (ulong)(s * WordSize));
                Word(relocation + WordSize, image.Is64 ? ((ulong)s << 32) | 7 : ((ulong)s << 8) | 7);
            }

            WriteNeeds(needsAt, versionIndexes);
            WriteDefinitions(definitionsAt, versionIndexes);
            WriteHash(hashAt, symbolCount, firstDefined);
            for (var i = 0; i < dynamic.Count; i++)
            {
                Word(dynamicAt + (i * 2 * WordSize), dynamic[i].Tag);
                Word(dynamicAt + (i * 2 * WordSize) + WordSize, dynamic[i].Value);
            }

            if (image.SectionHeaders)
            {
                WriteSections(sectionsAt, stringsAt, symbolsAt, symbolCount, versionsAt, needsAt, definitionsAt, definitionCount, dynamicAt, dynamic.Count);
            }

            return _bytes;
        }

        private static int Reserve(ref int at, int size)
        {
            var start = (at + 7) & ~7;
            at = start + size;
            return start;
        }

        private static ulong Address(int offset) => LoadAddress + (ulong)offset;

        private uint String(string text)
        {
            if (!_stringOffsets.TryGetValue(text, out var offset))
            {
                offset = (uint)_strings.Count;
                _stringOffsets[text] = offset;
                _strings.AddRange(Encoding.UTF8.GetBytes(text));
                _strings.Add(0);
            }

            return offset;
        }

        private List<(ulong Tag, ulong Value)> DynamicEntries(
            int stringsAt, int symbolsAt, int versionsAt, int needsAt, int definitionsAt, int definitionCount, int hashAt)
        {
            var entries = image.Needed.Select(n => (1UL, (ulong)String(n))).ToList();
            if (image.Soname is { } soname)
            {
                entries.Add((14, String(soname)));
            }

            if (image.Rpath is { } rpath)
            {
                entries.Add((15, String(rpath)));
            }

            if (image.Runpath is { } runpath)
            {
                entries.Add((29, String(runpath)));
            }

            entries.Add((image.GnuHash ? 0x6ffffef5UL : 4UL, Address(hashAt)));
            entries.Add((5, Address(stringsAt)));
            entries.Add((10, (ulong)_strings.Count));
            entries.Add((6, Address(symbolsAt)));
            entries.Add((0x6ffffff0, Address(versionsAt)));
            if (image.VersionNeeds.Count > 0)
            {
                entries.Add((0x6ffffffe, Address(needsAt)));
                entries.Add((0x6fffffff, (ulong)image.VersionNeeds.Count));
            }

            if (definitionCount > 0)
            {
                entries.Add((0x6ffffffc, Address(definitionsAt)));
                entries.Add((0x6ffffffd, (ulong)definitionCount));
            }

            if (image.Pie)
            {
                entries.Add((0x6ffffffb, 0x08000000));
            }

            entries.Add((0, 0));
            return entries;
        }

        private void WriteHeader(int headerSize, int programHeaderSize, int programHeaderCount, int sectionsAt)
        {
            "\u007fELF"u8.CopyTo(_bytes);
            _bytes[4] = (byte)(image.Is64 ? 2 : 1);
            _bytes[5] = (byte)(image.BigEndian ? 2 : 1);
            _bytes[6] = 1;
            U16(16, image.Type);
            U16(18, image.Machine);
            U32(20, 1);
            Word(image.Is64 ? 32 : 28, (ulong)headerSize);
            Word(image.Is64 ? 40 : 32, image.SectionHeaders ? (ulong)sectionsAt : 0);
            U16(image.Is64 ? 52 : 40, (ushort)headerSize);
            U16(image.Is64 ? 54 : 42, (ushort)programHeaderSize);
            U16(image.Is64 ? 56 : 44, (ushort)programHeaderCount);
            U16(image.Is64 ? 58 : 46, (ushort)(image.Is64 ? 64 : 40));
            U16(image.Is64 ? 60 : 48, (ushort)(image.SectionHeaders ? 7 : 0));
        }

        private void ProgramHeader(ref int at, uint type, int offset, int size)
        {
            U32(at, type);
            Word(at + (image.Is64 ? 8 : 4), (ulong)offset);
            Word(at + (image.Is64 ? 16 : 8), Address(offset));
            Word(at + (image.Is64 ? 32 : 16), (ulong)size);
            Word(at + (image.Is64 ? 40 : 20), (ulong)size);
            at += image.Is64 ? 56 : 32;
        }

        private void WriteNeeds(int at, Dictionary<string, int> versionIndexes)
        {
            for (var n = 0; n < image.VersionNeeds.Count; n++)
            {
                var (library, versions) = image.VersionNeeds[n];
                U16(at, 1);
                U16(at + 2, (ushort)versions.Length);
                U32(at + 4, String(library));
                U32(at + 8, 16);
                U32(at + 12, n + 1 < image.VersionNeeds.Count ? 16 + (16 * (uint)versions.Length) : 0);
                for (var v = 0; v < versions.Length; v++)
                {
                    var auxiliary = at + 16 + (16 * v);
                    U16(auxiliary + 6, (ushort)versionIndexes[versions[v]]);
                    U32(auxiliary + 8, String(versions[v]));
                    U32(auxiliary + 12, v + 1 < versions.Length ? 16u : 0);
                }

                at += 16 + (16 * versions.Length);
            }
        }

        private void WriteDefinitions(int at, Dictionary<string, int> versionIndexes)
        {
            var names = image.VersionDefinitions.Count == 0 ? [] : image.VersionDefinitions.Prepend(image.Soname ?? "base").ToList();
            for (var i = 0; i < names.Count; i++)
            {
                var entry = at + (i * 28);
                U16(entry, 1);
                U16(entry + 2, (ushort)(i == 0 ? 1 : 0));
                U16(entry + 4, (ushort)(i == 0 ? 1 : versionIndexes[names[i]]));
                U16(entry + 6, 1);
                U32(entry + 12, 20);
                U32(entry + 16, i + 1 < names.Count ? 28u : 0);
                U32(entry + 20, String(names[i]));
            }
        }

        private void WriteHash(int at, int symbolCount, int firstDefined)
        {
            if (!image.GnuHash)
            {
                U32(at, 1);
                U32(at + 4, (uint)symbolCount);
                return;
            }

            // One bucket holding every defined symbol; the last chain entry has bit 0 set. With none defined, symoffset
            // is 1 whatever the symbol count, as aarch64 binutils writes it.
            U32(at, 1);
            U32(at + 4, firstDefined < symbolCount ? (uint)firstDefined : 1);
            U32(at + 8, 1);
            var bucket = at + 16 + WordSize;
            U32(bucket, firstDefined < symbolCount ? (uint)firstDefined : 0);
            for (var s = firstDefined; s < symbolCount; s++)
            {
                U32(bucket + 4 + (4 * (s - firstDefined)), s + 1 == symbolCount ? 1u : 2u);
            }
        }

        private void WriteSections(
            int at, int stringsAt, int symbolsAt, int symbolCount, int versionsAt, int needsAt, int definitionsAt, int definitionCount,
            int dynamicAt, int dynamicCount)
        {
            var sections = new (uint Type, int Offset, int Size, uint Link, uint Info)[]
            {
                (0, 0, 0, 0, 0),
                (3, stringsAt, _strings.Count, 0, 0),
                (11, symbolsAt, symbolCount * (image.Is64 ? 24 : 16), 1, 1),
                (0x6fffffff, versionsAt, symbolCount * 2, 2, 0),
                (image.VersionNeeds.Count > 0 ? 0x6ffffffeu : 0, needsAt, image.VersionNeeds.Sum(n => 16 + (16 * n.Versions.Length)), 1, (uint)image.VersionNeeds.Count),
                (definitionCount > 0 ? 0x6ffffffdu : 0, definitionsAt, definitionCount * 28, 1, (uint)definitionCount),
                (6, dynamicAt, dynamicCount * 2 * WordSize, 1, 0),
            };
            foreach (var (type, offset, size, link, info) in sections)
            {
                U32(at + 4, type);
                Word(at + (image.Is64 ? 24 : 16), (ulong)offset);
                Word(at + (image.Is64 ? 32 : 20), (ulong)size);
                U32(at + (image.Is64 ? 40 : 24), link);
                U32(at + (image.Is64 ? 44 : 28), info);
                at += image.Is64 ? 64 : 40;
            }
        }

        private void U16(int at, ushort value)
        {
            if (image.BigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(_bytes.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(at), value);
            }
        }

        private void U32(int at, uint value)
        {
            if (image.BigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(_bytes.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(at), value);
            }
        }

        private void U32(int at, int value) => U32(at, (uint)value);

        private void Word(int at, ulong value)
        {
            if (!image.Is64)
            {
                U32(at, (uint)value);
            }
            else if (image.BigEndian)
            {
                BinaryPrimitives.WriteUInt64BigEndian(_bytes.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(at), value);
            }
        }
    }
}
