using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Elf;

/// <summary>
/// A corrupt or truncated file fails with an <see cref="ElfFormatException"/> that names the file and the fault: never
/// an index or overflow error, and never an endless loop.
/// </summary>
public sealed class CorruptElfSpecs
{
    private const ulong TagNeeded = 1;
    private const ulong TagStringTableSize = 10;

    private static readonly HarnessAssets Assets = HarnessAssets.Locate();
    private static readonly byte[] Hello = Fixture(KnownPlatforms.Amd64, "hello");
    private static readonly byte[] HelloStripped = ElfPatch.WithoutSectionHeaders(Hello);
    private static readonly byte[] CxxModern = Fixture(KnownPlatforms.Amd64, "cxx-modern");

    /// <summary>Every 64 bytes of the first 4 KB, and every entry boundary and midpoint of the dynamic section.</summary>
    public static TheoryData<bool, int> CutPoints()
    {
        var (dynamic, size) = ElfPatch.DynamicSegment(Hello);
        var cuts = Enumerable.Range(1, 64).Select(i => i * 64).Concat(Enumerable.Range(0, size / 8).Select(i => dynamic + (i * 8) + 3));
        var data = new TheoryData<bool, int>();
        foreach (var cut in cuts)
        {
            data.Add(false, cut);
            data.Add(true, cut);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void A_file_cut_short_says_what_it_lacks(bool withoutSectionHeaders, int length)
    {
        var bytes = withoutSectionHeaders ? HelloStripped : Hello;

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("cut", bytes.AsSpan(0, length)));

        Assert.Equal("cut", error.Path);
        Assert.StartsWith("cut: not a readable ELF file: truncated: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"the file has {length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_need_chain_that_points_back_to_itself_is_a_loop()
    {
        var bytes = CxxModern.ToArray();
        var (_, needs, _) = ElfPatch.Section(bytes, ElfPatch.SectionVersionNeeds);
        ElfPatch.Put32(bytes, needs + 12, 0);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("looped", bytes));

        Assert.Equal(
            "looped: not a readable ELF file: the version needs (vn_next) loops: entry 1 of 3 links back to itself (next offset 0)",
            error.Message);
    }

    [Fact]
    public void A_needed_version_chain_that_points_back_to_itself_is_a_loop()
    {
        var bytes = CxxModern.ToArray();
        var (_, needs, _) = ElfPatch.Section(bytes, ElfPatch.SectionVersionNeeds);
        var libstdcxx = needs + (int)ElfPatch.U32(bytes, needs + 12);
        ElfPatch.Put32(bytes, libstdcxx + (int)ElfPatch.U32(bytes, libstdcxx + 8) + 12, 0);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("looped", bytes));

        Assert.Contains("the versions needed from libstdc++.so.6 (vna_next) loops: entry 1 of 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_need_step_that_would_wrap_backwards_points_past_the_end()
    {
        var bytes = CxxModern.ToArray();
        var (_, needs, _) = ElfPatch.Section(bytes, ElfPatch.SectionVersionNeeds);
        ElfPatch.Put32(bytes, needs + 12, 0xfffffff0);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("wrapped", bytes));

        Assert.Contains("version need 1 lies at offset 4294967280, past the end of .gnu.version_r", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_definition_chain_that_points_back_to_itself_is_a_loop()
    {
        var bytes = File.ReadAllBytes("/lib/x86_64-linux-gnu/libgcc_s.so.1");
        var (_, definitions, _) = ElfPatch.Section(bytes, ElfPatch.SectionVersionDefinitions);
        ElfPatch.Put32(bytes, definitions + 16, 0);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("libgcc_s.so.1", bytes));

        Assert.Contains("the version definitions (vd_next) loops: entry 1 of 14", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_string_index_past_the_string_table_is_named(bool withoutSectionHeaders)
    {
        var bytes = (withoutSectionHeaders ? HelloStripped : Hello).ToArray();
        ElfPatch.PutWord(bytes, ElfPatch.DynamicValue(bytes, TagNeeded), 0xffff);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("hello", bytes));

        Assert.Matches(
            @"^hello: not a readable ELF file: string index 65535 of DT_NEEDED is past the end of the dynamic string table \(\d+ bytes\)$",
            error.Message);
    }

    [Fact]
    public void A_string_table_cut_inside_a_string_says_the_string_is_unterminated()
    {
        var bytes = HelloStripped.ToArray();
        var libc = ElfPatch.U32(bytes, ElfPatch.DynamicValue(bytes, TagNeeded));
        ElfPatch.PutWord(bytes, ElfPatch.DynamicValue(bytes, TagStringTableSize), libc + 4);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("hello", bytes));

        Assert.Contains($"the string at index {libc} of DT_NEEDED runs past the end of the dynamic string table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_need_count_larger_than_the_section_is_an_overrun()
    {
        var bytes = Hello.ToArray();
        var (header, _, _) = ElfPatch.Section(bytes, ElfPatch.SectionVersionNeeds);
        ElfPatch.Put32(bytes, ElfPatch.SectionFields(bytes, header).Info, 1000);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("hello", bytes));

        Assert.Contains("1000 version needs (DT_VERNEEDNUM or sh_info) do not fit in the 48 bytes of .gnu.version_r", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbol_table_larger_than_the_file_is_truncation()
    {
        var bytes = Hello.ToArray();
        var (header, _, _) = ElfPatch.Section(bytes, 11);
        ElfPatch.PutWord(bytes, ElfPatch.SectionFields(bytes, header).Size, 1UL << 40);

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("hello", bytes));

        Assert.Contains("truncated: the dynamic symbol table (.dynsym) needs 1099511627776 bytes", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, bool> FuzzedFixtures => new()
    {
        { "linux/amd64", "hello", false },
        { "linux/amd64", "hello", true },
        { "linux/386", "hello", false },
        { "linux/386", "hello", true },
        { "linux/amd64", "cxx-modern", false },
        { "linux/arm64", "hello", true },
    };

    [Theory]
    [MemberData(nameof(FuzzedFixtures))]
    public void Random_byte_changes_give_a_result_or_an_ElfFormatException_and_nothing_else(string platform, string fixture, bool withoutSectionHeaders)
    {
        var original = Fixture(KnownPlatforms.Find(platform)!, fixture);
        original = withoutSectionHeaders ? ElfPatch.WithoutSectionHeaders(original) : original;
        var (dynamic, _) = ElfPatch.DynamicSegment(original);
        var random = new Random(20240611);
        var bytes = new byte[original.Length];
        var (parsed, refused) = (0, 0);

        for (var mutation = 0; mutation < 2000; mutation++)
        {
            original.CopyTo(bytes, 0);
            var changes = new List<string>();
            for (var n = random.Next(1, 5); n > 0; n--)
            {
                // Most changes go where the reader looks: headers, the dynamic tables at the start, the dynamic
                // section, the section header table at the end.
                var at = random.Next(4) switch
                {
                    0 => random.Next(Math.Min(2048, bytes.Length)),
                    1 => Math.Min(dynamic + random.Next(512), bytes.Length - 1),
                    2 => bytes.Length - 1 - random.Next(2048),
                    _ => random.Next(bytes.Length),
                };
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)random.Next(256),
                    1 => (byte)(bytes[at] ^ (1 << random.Next(8))),
                    _ => random.Next(2) == 0 ? (byte)0 : (byte)0xff,
                };
                changes.Add($"{at}={bytes[at]:x2}");
            }

            try
            {
                ElfFile.Parse("fuzzed", bytes);
                parsed++;
            }
            catch (ElfFormatException e)
            {
                Assert.StartsWith("fuzzed: not a readable ELF file: ", e.Message, StringComparison.Ordinal);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {mutation} ({string.Join(", ", changes)}) threw {e}");
            }
        }

        // Both outcomes occur often (about 4-14% refused), or the mutations missed what the reader reads.
        Assert.True(parsed >= 40 && refused >= 40, $"{parsed} mutations parsed, {refused} refused");
    }

    private static byte[] Fixture(Platform platform, string name)
    {
        var path = Assets.Fixture(platform, name);
        Assert.True(File.Exists(path), $"{path} is missing: build the fixtures with `make -C fixtures`.");
        return File.ReadAllBytes(path);
    }
}
