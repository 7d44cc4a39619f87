using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Fingerprints;

/// <summary>
/// What a loader finds is read from the file system as the loader would walk it: its configuration, its search order,
/// symbolic and hard links inside the image, and only objects it could load.
/// </summary>
public sealed class RootfsFingerprintSpecs
{
    private static readonly Platform Amd64 = KnownPlatforms.Amd64;
    private static readonly byte[] Glibc236 = RootfsTar.Library(Amd64, "GNU C Library (Debian GLIBC 2.36-9+deb12u4) stable release version 2.36.\n");

    private static RootfsTar DebianLike() =>
        new RootfsTar().MergedUsr()
            .Directory("/usr/lib/x86_64-linux-gnu")
            .File("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", RootfsTar.Library(Amd64))
            .Symlink("/usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
            .File("/usr/lib/x86_64-linux-gnu/libc.so.6", Glibc236)
            .Directory("/etc")
            .Text("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n")
            .Directory("/etc/ld.so.conf.d")
            .Text("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n")
            .Text("/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n");

    [Fact]
    public async Task Links_of_directories_and_relative_links_are_followed_inside_the_image()
    {
        var image = await DebianLike().FingerprintAsync(Amd64);

        Assert.Equal(
            [
                "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2",
                "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "/usr/lib64/ld-linux-x86-64.so.2",
            ],
            image.Interpreters);
        Assert.Equal("/lib/x86_64-linux-gnu/libc.so.6", image.Library("libc.so.6")?.Path);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libc.so.6", image.Library("libc.so.6")?.RealPath);
    }

    [Fact]
    public async Task Glibc_and_its_version_are_read_from_the_banner_in_libc()
    {
        var image = await DebianLike().FingerprintAsync(Amd64);

        Assert.Equal(new LibcInfo(LibcKind.Glibc, "2.36"), image.Libc);
    }

    [Fact]
    public async Task Included_files_are_read_in_glob_order_before_the_trusted_directories()
    {
        var image = await DebianLike().FingerprintAsync(Amd64);

        Assert.Equal(
            [
                "/usr/local/lib", "/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
                "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            ],
            image.SearchDirectories);
    }

    [Fact]
    public async Task A_directory_of_ld_so_conf_is_searched_and_one_it_does_not_name_is_not()
    {
        var image = await DebianLike()
            .Text("/etc/ld.so.conf.d/app.conf", "/opt/app/lib  # the app's own\n")
            .Directory("/opt").Directory("/opt/app").Directory("/opt/app/lib").Directory("/opt/other")
            .File("/opt/app/lib/libapp.so.1", RootfsTar.Library(Amd64))
            .File("/opt/other/libother.so.1", RootfsTar.Library(Amd64))
            .FingerprintAsync(Amd64);

        Assert.True(image.CanFind("libapp.so.1"));
        Assert.False(image.CanFind("libother.so.1"));
        Assert.Equal(0, image.SearchDirectories.ToList().IndexOf("/opt/app/lib"));
    }

    [Fact]
    public async Task A_relative_include_is_read_from_the_including_files_directory()
    {
        var image = await new RootfsTar()
            .Directory("/lib64").File("/lib64/ld-linux-x86-64.so.2", RootfsTar.Library(Amd64))
            .Directory("/etc").Directory("/etc/more")
            .Text("/etc/ld.so.conf", "include more/*.conf\n")
            .Text("/etc/more/a.conf", "/opt/a:/opt/b,/opt/c\n")
            .Text("/etc/more/.hidden.conf", "/opt/hidden\n")
            .FingerprintAsync(Amd64);

        Assert.Equal(["/opt/a", "/opt/b", "/opt/c"], image.SearchDirectories.Take(3));
        Assert.DoesNotContain("/opt/hidden", image.SearchDirectories);
    }

    [Fact]
    public async Task An_include_that_includes_itself_ends()
    {
        var image = await DebianLike()
            .Text("/etc/ld.so.conf.d/loop.conf", "include /etc/ld.so.conf\n/opt/loop\n")
            .FingerprintAsync(Amd64);

        Assert.Single(image.SearchDirectories, "/opt/loop");
    }

    [Fact]
    public async Task A_library_of_another_class_is_passed_over_for_a_later_one_that_fits()
    {
        var image = await DebianLike()
            .Directory("/usr/local").Directory("/usr/local/lib")
            .File("/usr/local/lib/libz.so.1", RootfsTar.Elf(ElfMachine.X86, ElfClass.Elf32))
            .File("/usr/lib/x86_64-linux-gnu/libz.so.1", RootfsTar.Library(Amd64))
            .File("/usr/local/lib/libonly32.so.1", RootfsTar.Elf(ElfMachine.X86, ElfClass.Elf32))
            .FingerprintAsync(Amd64);

        Assert.Equal("/lib/x86_64-linux-gnu/libz.so.1", image.Library("libz.so.1")?.Path);
        Assert.False(image.CanFind("libonly32.so.1"));
    }

    [Fact]
    public async Task Only_shared_objects_are_found_not_executables_scripts_or_dangling_links()
    {
        var image = await DebianLike()
            .File("/usr/lib/x86_64-linux-gnu/libexec.so.1", RootfsTar.Elf(Amd64.Machine, Amd64.Class, type: 2))
            .Text("/usr/lib/x86_64-linux-gnu/libc.so", "/* GNU ld script */\nGROUP ( /lib/x86_64-linux-gnu/libc.so.6 )\n")
            .Symlink("/usr/lib/x86_64-linux-gnu/libgone.so.1", "libgone.so.1.0.0")
            .FingerprintAsync(Amd64);

        Assert.False(image.CanFind("libexec.so.1"));
        Assert.False(image.CanFind("libc.so"));
        Assert.False(image.CanFind("libgone.so.1"));
        Assert.True(image.CanFind("libc.so.6"));
    }

    [Fact]
    public async Task A_hard_link_is_the_library_it_links_to()
    {
        var image = await DebianLike()
            .File("/usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3", RootfsTar.Library(Amd64))
            .HardLink("/usr/lib/x86_64-linux-gnu/libfoo.so.1", "/usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3")
            .FingerprintAsync(Amd64);

        Assert.True(image.CanFind("libfoo.so.1"));
    }

    [Fact]
    public async Task Links_that_loop_lead_nowhere_and_end()
    {
        var image = await DebianLike()
            .Symlink("/usr/lib/x86_64-linux-gnu/libloop.so.1", "libloop.so.2")
            .Symlink("/usr/lib/x86_64-linux-gnu/libloop.so.2", "libloop.so.1")
            .Symlink("/usr/lib/x86_64-linux-gnu/libself.so.1", "/lib/x86_64-linux-gnu/libself.so.1")
            .FingerprintAsync(Amd64);

        Assert.False(image.CanFind("libloop.so.1"));
        Assert.False(image.CanFind("libself.so.1"));
    }

    [Fact]
    public async Task A_loader_of_another_platform_is_an_interpreter_present_but_not_this_platforms_libc()
    {
        var image = await new RootfsTar()
            .Directory("/lib")
            .File("/lib/ld-linux-aarch64.so.1", RootfsTar.Elf(ElfMachine.AArch64, ElfClass.Elf64))
            .FingerprintAsync(Amd64);

        Assert.Equal(["/lib/ld-linux-aarch64.so.1"], image.Interpreters);
        Assert.Equal(LibcInfo.None, image.Libc);
        Assert.Empty(image.Libraries);
    }

    [Fact]
    public async Task Musl_searches_its_path_file_split_on_newlines_and_colons()
    {
        var image = await new RootfsTar()
            .Directory("/lib").Directory("/etc").Directory("/opt").Directory("/opt/lib")
            .File("/lib/ld-musl-x86_64.so.1", RootfsTar.Library(Amd64))
            .Symlink("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
            .File("/opt/lib/libz.so.1", RootfsTar.Library(Amd64))
            .Text("/etc/ld-musl-x86_64.path", "/opt/lib:/usr/lib\n/usr/local/lib\n")
            .FingerprintAsync(Amd64);

        Assert.Equal(new LibcInfo(LibcKind.Musl, null), image.Libc);
        Assert.Equal("musl (version unknown)", image.Libc.ToString());
        Assert.False(image.IsComplete);
        Assert.Equal(["/opt/lib", "/usr/lib", "/usr/local/lib"], image.SearchDirectories);
        Assert.True(image.CanFind("libz.so.1"));
        Assert.False(image.CanFind("libc.musl-x86_64.so.1"));
        Assert.True(image.IsProvidedByLoader("libc.musl-x86_64.so.1"));
    }

    [Fact]
    public async Task Musl_without_a_path_file_searches_its_built_in_path()
    {
        var image = await new RootfsTar()
            .Directory("/lib")
            .File("/lib/ld-musl-x86_64.so.1", RootfsTar.Library(Amd64))
            .Symlink("/lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
            .FingerprintAsync(Amd64);

        Assert.Equal(["/lib", "/usr/local/lib", "/usr/lib"], image.SearchDirectories);
        Assert.True(image.CanFind("libc.musl-x86_64.so.1"));
        Assert.Equal(["/lib/ld-musl-x86_64.so.1"], image.Interpreters);
    }

    [Fact]
    public async Task A_libc_so_6_that_is_not_glibc_beside_musl_leaves_the_image_musl()
    {
        // Alpine's gcompat names its shim after glibc's files; the shim defines no GLIBC_ versions and has no banner.
        var image = await new RootfsTar()
            .Directory("/lib")
            .File("/lib/ld-musl-x86_64.so.1", RootfsTar.Library(Amd64))
            .File("/lib/libgcompat.so.0", RootfsTar.Library(Amd64))
            .Symlink("/lib/libc.so.6", "libgcompat.so.0")
            .Directory("/lib64")
            .Symlink("/lib64/ld-linux-x86-64.so.2", "/lib/libgcompat.so.0")
            .FingerprintAsync(Amd64);

        Assert.Equal(LibcKind.Musl, image.Libc.Kind);
        Assert.True(image.HasInterpreter("/lib64/ld-linux-x86-64.so.2"));
    }

    [Fact]
    public async Task An_empty_file_system_has_no_libc_no_interpreter_and_no_library()
    {
        var image = await new RootfsTar().FingerprintAsync(Amd64);

        Assert.Equal(LibcInfo.None, image.Libc);
        Assert.Empty(image.Interpreters);
        Assert.Empty(image.Sonames);
    }

    [Fact]
    public async Task A_fingerprint_is_json_and_back_unchanged()
    {
        var image = await DebianLike().FingerprintAsync(Amd64);

        Assert.Equal(image, FingerprintJson.Deserialize(FingerprintJson.Serialize(image)));
    }

    [Theory]
    [InlineData("musl libc (x86_64)\nVersion 1.2.3\nDynamic Program Loader\nUsage: /lib/ld-musl-x86_64.so.1 [options] [--] pathname [args]\n", "1.2.3")]
    [InlineData("musl libc (aarch64)\nVersion 1.2.5_git20240512\n", "1.2.5_git20240512")]
    [InlineData("exec /lib/ld-musl-x86_64.so.1: no such file or directory\n", null)]
    public void The_musl_version_is_read_from_what_its_loader_prints(string output, string? version) =>
        Assert.Equal(version, DockerImageFingerprinter.MuslVersionIn(output));
}
