using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Fixtures;

/// <summary>Each fixture binary is built for the platform, libc and linkage it stands for.</summary>
public sealed class FixtureBinarySpecs
{
    private const string GlibcAmd64 = "/lib64/ld-linux-x86-64.so.2";
    private const string GlibcI386 = "/lib/ld-linux.so.2";
    private const string GlibcArm64 = "/lib/ld-linux-aarch64.so.1";
    private const string MuslAmd64 = "/lib/ld-musl-x86_64.so.1";

    private static readonly HarnessAssets Assets = HarnessAssets.Locate();

    // Names, not the enums: the ELF types are internal to the library, and theory parameters are public.
    public static TheoryData<string, string, string, string, string, string?> Fixtures => new()
    {
        { "hello", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "hello", "linux/386", nameof(ElfClass.Elf32), nameof(ElfMachine.X86), nameof(ElfLinkage.Dynamic), GlibcI386 },
        { "hello", "linux/arm64", nameof(ElfClass.Elf64), nameof(ElfMachine.AArch64), nameof(ElfLinkage.Dynamic), GlibcArm64 },
        { "hello-static", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Static), null },
        { "hello-static", "linux/386", nameof(ElfClass.Elf32), nameof(ElfMachine.X86), nameof(ElfLinkage.Static), null },
        { "hello-static", "linux/arm64", nameof(ElfClass.Elf64), nameof(ElfMachine.AArch64), nameof(ElfLinkage.Static), null },
        { "hello-musl", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), MuslAmd64 },
        { "needs-libssl", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "needs-libpq", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "cxx-modern", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "fails-with-stderr", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "segfaults", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "sleeps", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "echo-stdin", "linux/amd64", nameof(ElfClass.Elf64), nameof(ElfMachine.X86_64), nameof(ElfLinkage.Dynamic), GlibcAmd64 },
        { "linux32", "linux/386", nameof(ElfClass.Elf32), nameof(ElfMachine.X86), nameof(ElfLinkage.Static), null },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_has_the_class_machine_and_interpreter_of_its_platform(
        string fixture, string platform, string elfClass, string machine, string linkage, string? interpreter)
    {
        var path = Assets.Fixture(KnownPlatforms.Find(platform)!, fixture);
        Assert.True(File.Exists(path), $"{path} is missing: build the fixtures with `make -C fixtures`.");

        var elf = ElfFile.Read(path);

        Assert.Equal(elfClass, elf.Class.ToString());
        Assert.Equal(machine, elf.Machine.ToString());
        Assert.Equal(linkage, elf.Linkage.ToString());
        Assert.Equal(interpreter, elf.Interpreter);
    }
}
