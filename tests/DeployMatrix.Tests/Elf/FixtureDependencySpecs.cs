using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Elf;

/// <summary>
/// The libraries, search paths and symbol versions read from the fixture binaries are the ones they were linked
/// against (cross-checked once by hand against <c>readelf -d -V --dyn-syms -W</c> for every fixture).
/// </summary>
public sealed class FixtureDependencySpecs
{
    private static readonly HarnessAssets Assets = HarnessAssets.Locate();

    public static TheoryData<string, string> AllFixtures => new()
    {
        { "linux/amd64", "hello" },
        { "linux/386", "hello" },
        { "linux/arm64", "hello" },
        { "linux/amd64", "hello-static" },
        { "linux/386", "hello-static" },
        { "linux/arm64", "hello-static" },
        { "linux/amd64", "hello-musl" },
        { "linux/amd64", "needs-libssl" },
        { "linux/amd64", "needs-libpq" },
        { "linux/amd64", "cxx-modern" },
        { "linux/amd64", "fails-with-stderr" },
        { "linux/amd64", "segfaults" },
        { "linux/amd64", "sleeps" },
        { "linux/amd64", "echo-stdin" },
        { "linux/386", "linux32" },
    };

    [Theory]
    [InlineData("linux/amd64", "GLIBC_2.2.5")]
    [InlineData("linux/386", "GLIBC_2.0")]
    [InlineData("linux/arm64", "GLIBC_2.17")]
    public void Hello_needs_libc_and_GLIBC_2_34_for_libc_start_main(string platform, string baseVersion)
    {
        var elf = Read(platform, "hello");

        Assert.Equal(["libc.so.6"], elf.Needed);
        Assert.Null(elf.Soname);
        Assert.Empty(elf.Rpath);
        Assert.Empty(elf.Runpath);
        Assert.Empty(elf.VersionDefinitions);
        Assert.All(elf.VersionRequirements, r => Assert.Equal("libc.so.6", r.Library));
        Assert.Equal(["__libc_start_main"], Requirement(elf, "libc.so.6", "GLIBC_2.34").Symbols);
        Assert.Contains("puts", Requirement(elf, "libc.so.6", baseVersion).Symbols);
    }

    [Fact]
    public void Needs_libssl_needs_OPENSSL_3_0_0_from_libssl_and_libcrypto_for_the_functions_it_calls()
    {
        var elf = Read("linux/amd64", "needs-libssl");

        Assert.Equal(["libssl.so.3", "libcrypto.so.3", "libc.so.6"], elf.Needed);
        Assert.Equal(["OPENSSL_init_ssl"], Requirement(elf, "libssl.so.3", "OPENSSL_3.0.0").Symbols);
        Assert.Equal(["OpenSSL_version", "OpenSSL_version_num"], Requirement(elf, "libcrypto.so.3", "OPENSSL_3.0.0").Symbols);
    }

    [Fact]
    public void Cxx_modern_needs_GLIBCXX_3_4_30_for_condition_variable_wait_and_3_4_29_for_to_chars()
    {
        var elf = Read("linux/amd64", "cxx-modern");

        Assert.Equal(["libstdc++.so.6", "libgcc_s.so.1", "libc.so.6"], elf.Needed);
        Assert.Equal(
            ["_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE"],
            Requirement(elf, "libstdc++.so.6", "GLIBCXX_3.4.30").Symbols);
        Assert.Equal(["_ZSt8to_charsPcS_d"], Requirement(elf, "libstdc++.so.6", "GLIBCXX_3.4.29").Symbols);
        Assert.Equal(["_Unwind_Resume"], Requirement(elf, "libgcc_s.so.1", "GCC_3.0").Symbols);
        Assert.Contains("__gxx_personality_v0", Requirement(elf, "libstdc++.so.6", "CXXABI_1.3").Symbols);
    }

    [Fact]
    public void Symbols_of_a_requirement_are_sorted_ordinally_and_requirements_keep_file_order()
    {
        var elf = Read("linux/amd64", "cxx-modern");

        Assert.Equal(
            ["GCC_3.0", "CXXABI_1.3", "CXXABI_1.3.9", "GLIBCXX_3.4.11", "GLIBCXX_3.4.30", "GLIBCXX_3.4", "GLIBCXX_3.4.29", "GLIBCXX_3.4.22", "GLIBC_2.34", "GLIBC_2.2.5"],
            elf.VersionRequirements.Select(r => r.Version));
        Assert.Equal(
            ["__cxa_finalize", "printf", "pthread_mutex_lock", "pthread_mutex_unlock", "puts"],
            Requirement(elf, "libc.so.6", "GLIBC_2.2.5").Symbols);
        Assert.Equal(
            ["_ZTVN10__cxxabiv120__si_class_type_infoE", "__gxx_personality_v0"],
            Requirement(elf, "libstdc++.so.6", "CXXABI_1.3").Symbols);
    }

    [Fact]
    public void Data_an_executable_copies_in_from_libc_counts_as_imported()
    {
        var elf = Read("linux/amd64", "echo-stdin");

        // stdin and stdout are defined in the executable's .bss (copy relocations) but looked up in libc.so.6.
        Assert.Equal(
            ["__cxa_finalize", "ferror", "fread", "fwrite", "getenv", "perror", "printf", "putc", "stdin", "stdout"],
            Requirement(elf, "libc.so.6", "GLIBC_2.2.5").Symbols);
    }

    [Fact]
    public void Hello_musl_needs_libc_so_and_no_symbol_versions()
    {
        var elf = Read("linux/amd64", "hello-musl");

        Assert.Equal(["libc.so"], elf.Needed);
        Assert.Empty(elf.VersionRequirements);
    }

    [Theory]
    [InlineData("linux/amd64", "hello-static")]
    [InlineData("linux/386", "hello-static")]
    [InlineData("linux/arm64", "hello-static")]
    [InlineData("linux/386", "linux32")]
    public void A_static_fixture_needs_nothing(string platform, string fixture)
    {
        var elf = Read(platform, fixture);

        Assert.False(elf.HasDynamicSection);
        Assert.Empty(elf.Needed);
        Assert.Null(elf.Soname);
        Assert.Empty(elf.Runpath);
        Assert.Empty(elf.VersionRequirements);
        Assert.Empty(elf.VersionDefinitions);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Without_section_headers_the_dynamic_tags_give_the_same_answers(string platform, string fixture)
    {
        var bytes = File.ReadAllBytes(Path(platform, fixture));
        var whole = ElfFile.Parse(fixture, bytes);

        var stripped = ElfFile.Parse(fixture, ElfPatch.WithoutSectionHeaders(bytes));

        Assert.Equal(Describe(whole), Describe(stripped));
    }

    private static ElfFile Read(string platform, string fixture) => ElfFile.Read(Path(platform, fixture));

    private static string Path(string platform, string fixture)
    {
        var path = Assets.Fixture(KnownPlatforms.Find(platform)!, fixture);
        Assert.True(File.Exists(path), $"{path} is missing: build the fixtures with `make -C fixtures`.");
        return path;
    }

    private static VersionRequirement Requirement(ElfFile elf, string library, string version) =>
        Assert.Single(elf.VersionRequirements, r => r.Library == library && r.Version == version);

    private static string[] Describe(ElfFile elf) =>
    [
        $"linkage {elf.Linkage}, soname {elf.Soname}, needed {string.Join(' ', elf.Needed)}",
        $"rpath {string.Join(':', elf.Rpath)}, runpath {string.Join(':', elf.Runpath)}",
        .. elf.VersionRequirements.Select(r => $"{r.Library} {r.Version}: {string.Join(' ', r.Symbols)}"),
        .. elf.VersionDefinitions,
    ];
}
