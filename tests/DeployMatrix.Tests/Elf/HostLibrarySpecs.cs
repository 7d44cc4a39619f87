using DeployMatrix.Elf;

namespace DeployMatrix.Tests.Elf;

/// <summary>
/// The version definitions of the host's real runtime libraries (Debian 12: glibc 2.36, gcc 12), which is what the
/// fingerprinting of an image's libc, libstdc++ and libgcc_s reads.
/// </summary>
public sealed class HostLibrarySpecs
{
    private const string Libc = "/lib/x86_64-linux-gnu/libc.so.6";
    private const string Libstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
    private const string LibgccS = "/lib/x86_64-linux-gnu/libgcc_s.so.1";
    private const string LibcI386 = "/usr/i686-linux-gnu/lib/libc.so.6";
    private const string Loader = "/lib64/ld-linux-x86-64.so.2";

    [Fact]
    public void Libc_defines_GLIBC_2_2_5_to_GLIBC_2_36_and_GLIBC_PRIVATE()
    {
        var libc = Read(Libc);

        Assert.Equal("libc.so.6", libc.Soname);
        Assert.Equal("GLIBC_2.2.5", libc.VersionDefinitions[0]);
        Assert.All(["GLIBC_2.3", "GLIBC_2.17", "GLIBC_2.34", "GLIBC_2.35", "GLIBC_2.36", "GLIBC_PRIVATE"], v => Assert.Contains(v, libc.VersionDefinitions));
        Assert.DoesNotContain("libc.so.6", libc.VersionDefinitions);
        Assert.Equal(libc.VersionDefinitions.Count, libc.VersionDefinitions.Distinct().Count());
    }

    [Fact]
    public void Libc_needs_GLIBC_PRIVATE_from_the_loader_for_its_internals()
    {
        var libc = Read(Libc);

        Assert.Equal(["ld-linux-x86-64.so.2"], libc.Needed);
        Assert.Equal(ElfLinkage.Dynamic, libc.Linkage);
        var requirement = Assert.Single(libc.VersionRequirements, r => r.Version == "GLIBC_PRIVATE");
        Assert.Equal("ld-linux-x86-64.so.2", requirement.Library);
        Assert.Contains("_rtld_global_ro", requirement.Symbols);
    }

    [Fact]
    public void Libstdcxx_defines_GLIBCXX_3_4_30_and_CXXABI_1_3_13()
    {
        var libstdcxx = Read(Libstdcxx);

        Assert.Equal("libstdc++.so.6", libstdcxx.Soname);
        Assert.Equal(ElfLinkage.SharedLibrary, libstdcxx.Linkage);
        Assert.Equal(["libm.so.6", "libc.so.6", "ld-linux-x86-64.so.2", "libgcc_s.so.1"], libstdcxx.Needed);
        Assert.Equal("GLIBCXX_3.4", libstdcxx.VersionDefinitions[0]);
        Assert.Contains("GLIBCXX_3.4.30", libstdcxx.VersionDefinitions);
        Assert.Contains("CXXABI_1.3.13", libstdcxx.VersionDefinitions);
        Assert.DoesNotContain("GLIBCXX_3.4.31", libstdcxx.VersionDefinitions);
    }

    [Fact]
    public void Libgcc_s_defines_GCC_3_0_to_GCC_12_0_0()
    {
        var libgcc = Read(LibgccS);

        Assert.Equal("libgcc_s.so.1", libgcc.Soname);

        // Each definition names its parent version too (vd_cnt 2); only the version itself is listed.
        Assert.Equal(
            ["GCC_3.0", "GCC_3.3", "GCC_3.3.1", "GCC_3.4", "GCC_3.4.2", "GCC_3.4.4", "GCC_4.0.0", "GCC_4.2.0", "GCC_4.3.0", "GCC_4.7.0", "GCC_4.8.0", "GCC_7.0.0", "GCC_12.0.0"],
            libgcc.VersionDefinitions);
    }

    [Fact]
    public void The_i386_libc_is_32_bit_and_defines_GLIBC_2_0_onwards()
    {
        var libc = Read(LibcI386);

        Assert.Equal(ElfClass.Elf32, libc.Class);
        Assert.Equal(ElfMachine.X86, libc.Machine);
        Assert.Equal("libc.so.6", libc.Soname);
        Assert.Equal(["ld-linux.so.2"], libc.Needed);
        Assert.Equal("GLIBC_2.0", libc.VersionDefinitions[0]);
        Assert.All(["GLIBC_2.1", "GLIBC_2.34", "GLIBC_2.36", "GLIBC_PRIVATE"], v => Assert.Contains(v, libc.VersionDefinitions));
    }

    [Fact]
    public void The_loader_is_a_shared_library_without_an_interpreter_not_a_static_pie()
    {
        var loader = Read(Loader);

        Assert.Null(loader.Interpreter);
        Assert.Equal("ld-linux-x86-64.so.2", loader.Soname);
        Assert.Empty(loader.Needed);
        Assert.Equal(ElfLinkage.SharedLibrary, loader.Linkage);
    }

    private static ElfFile Read(string path)
    {
        Assert.True(File.Exists(path), $"{path} is missing: these specs read the libraries of a Debian 12 host with gcc-i686-linux-gnu installed.");
        return ElfFile.Read(path);
    }
}
