using DeployMatrix.Elf;

namespace DeployMatrix.Tests.Elf;

/// <summary>
/// Files built byte by byte in every class and byte order, with and without section headers and with either hash
/// table, read to the same libraries, paths and versions; and the linkage of kinds of file no fixture is.
/// </summary>
public sealed class BuiltElfSpecs
{
    private static readonly ElfImage Program = new()
    {
        Machine = 21,
        Interpreter = "/lib64/ld64.so.2",
        Pie = true,
        Needed = ["libc.so.6", "libm.so.6"],
        Rpath = "/opt/old",
        Runpath = "$ORIGIN/../lib::/opt/dm/lib",
        VersionNeeds =
        [
            ("libc.so.6", ["GLIBC_2.0", "GLIBC_2.34", "GLIBC_ABI_DT_RELR"]),
            ("libm.so.6", ["GLIBC_2.29"]),
        ],
        Symbols =
        [
            ("puts", "GLIBC_2.0", false, false),
            ("__libc_start_main", "GLIBC_2.34", false, false),
            ("exp", "GLIBC_2.29", false, true), // its version index has the hidden bit (0x8000) set
            ("abort", "GLIBC_2.0", false, false),
            ("__gmon_start__", null, false, false),
            ("main", null, true, false),
        ],
    };

    public static TheoryData<bool, bool, bool, bool> Layouts()
    {
        var data = new TheoryData<bool, bool, bool, bool>();
        foreach (var is64 in new[] { false, true })
        {
            foreach (var bigEndian in new[] { true, false })
            {
                foreach (var sectionHeaders in new[] { true, false })
                {
                    foreach (var gnuHash in new[] { true, false })
                    {
                        data.Add(is64, bigEndian, sectionHeaders, gnuHash);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void A_program_reads_the_same_in_every_layout(bool is64, bool bigEndian, bool sectionHeaders, bool gnuHash)
    {
        var bytes = (Program with { Is64 = is64, BigEndian = bigEndian, SectionHeaders = sectionHeaders, GnuHash = gnuHash }).Build();

        var elf = ElfFile.Parse("ppc", bytes);

        Assert.Equal(is64 ? ElfClass.Elf64 : ElfClass.Elf32, elf.Class);
        Assert.Equal(!bigEndian, elf.LittleEndian);
        Assert.Equal(ElfMachine.PowerPC64, elf.Machine);
        Assert.Equal("/lib64/ld64.so.2", elf.Interpreter);
        Assert.Equal(ElfLinkage.Dynamic, elf.Linkage);
        Assert.Equal(["libc.so.6", "libm.so.6"], elf.Needed);
        Assert.Equal(["/opt/old"], elf.Rpath);
        Assert.Equal(["$ORIGIN/../lib", "", "/opt/dm/lib"], elf.Runpath);
        Assert.Null(elf.Soname);
        Assert.Equal(
            ["libc.so.6 GLIBC_2.0: abort puts", "libc.so.6 GLIBC_2.34: __libc_start_main", "libc.so.6 GLIBC_ABI_DT_RELR: ", "libm.so.6 GLIBC_2.29: exp"],
            elf.VersionRequirements.Select(r => $"{r.Library} {r.Version}: {string.Join(' ', r.Symbols)}"));
        Assert.Empty(elf.VersionDefinitions);
    }

    [Theory]
    [InlineData(62, false)]
    [InlineData(183, false)]
    [InlineData(8, true)]
    [InlineData(8, false)]
    public void Without_section_headers_imports_are_counted_by_relocations_or_on_MIPS_by_DT_MIPS_SYMTABNO(ushort machine, bool bigEndian)
    {
        // Nothing defined, so the GNU hash table covers no symbol and its symoffset (1) is no count.
        var program = new ElfImage
        {
            Machine = machine,
            BigEndian = bigEndian,
            SectionHeaders = false,
            Needed = ["libc.so.6"],
            VersionNeeds = [("libc.so.6", ["GLIBC_2.0"])],
            Symbols = [("puts", "GLIBC_2.0", false, false), ("__gmon_start__", null, false, false), ("abort", "GLIBC_2.0", false, false)],
        };

        var elf = ElfFile.Parse("program", program.Build());

        Assert.Equal(["abort", "puts"], Assert.Single(elf.VersionRequirements).Symbols);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_library_lists_the_versions_it_defines_but_not_its_own_name(bool sectionHeaders)
    {
        var library = new ElfImage
        {
            BigEndian = true,
            Is64 = false,
            SectionHeaders = sectionHeaders,
            Soname = "libdm.so.1",
            Needed = ["libc.so.6"],
            VersionDefinitions = ["DM_1.0", "DM_PRIVATE", "DM_2.0"],
            VersionNeeds = [("libc.so.6", ["GLIBC_2.4"])],
            Symbols = [("dm_open", "DM_1.0", true, false), ("dm_open2", "DM_2.0", true, false), ("memcpy", "GLIBC_2.4", false, false)],
        };

        var elf = ElfFile.Parse("libdm.so.1", library.Build());

        Assert.Equal("libdm.so.1", elf.Soname);
        Assert.Equal(["DM_1.0", "DM_PRIVATE", "DM_2.0"], elf.VersionDefinitions);
        Assert.Equal(["memcpy"], Assert.Single(elf.VersionRequirements).Symbols);
        Assert.Equal(ElfLinkage.SharedLibrary, elf.Linkage);
    }

    [Fact]
    public void A_position_independent_file_without_interpreter_is_static_pie_only_with_DF_1_PIE()
    {
        var staticPie = new ElfImage { Pie = true, Symbols = [("_start", null, true, false)] };
        var library = staticPie with { Pie = false, Soname = "libdm.so.1" };

        Assert.Equal(ElfLinkage.StaticPie, ElfFile.Parse("static-pie", staticPie.Build()).Linkage);
        Assert.Equal(ElfLinkage.SharedLibrary, ElfFile.Parse("libdm.so.1", library.Build()).Linkage);
    }

    [Fact]
    public void A_file_with_an_interpreter_is_dynamic_whatever_its_type_and_flags()
    {
        var withInterpreter = new ElfImage { Interpreter = "/lib64/ld-linux-x86-64.so.2", Needed = ["libc.so.6"] };

        Assert.Equal(ElfLinkage.Dynamic, ElfFile.Parse("pie", (withInterpreter with { Pie = true }).Build()).Linkage);
        Assert.Equal(ElfLinkage.Dynamic, ElfFile.Parse("libc-like", withInterpreter.Build()).Linkage);
        Assert.Equal(ElfLinkage.Dynamic, ElfFile.Parse("exec", (withInterpreter with { Type = 2 }).Build()).Linkage);
    }

    [Fact]
    public void A_fixed_address_executable_without_interpreter_is_static_even_with_a_dynamic_section()
    {
        var elf = ElfFile.Parse("exec", new ElfImage { Type = 2 }.Build());

        Assert.True(elf.HasDynamicSection);
        Assert.Equal(ElfLinkage.Static, elf.Linkage);
    }
}
