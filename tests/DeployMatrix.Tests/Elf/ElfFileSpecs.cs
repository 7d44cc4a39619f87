using DeployMatrix.Elf;

namespace DeployMatrix.Tests.Elf;

/// <summary>Reading a file that is not a whole ELF file fails with the file and the fault named, never a crash.</summary>
public sealed class ElfFileSpecs
{
    private static readonly byte[] Hello = File.ReadAllBytes(HarnessAssets.Locate().Fixture(
        DeployMatrix.Platforms.KnownPlatforms.Amd64, "hello"));

    [Fact]
    public void A_script_is_not_an_elf_file()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("deploy.sh", "#!/bin/sh\necho hi\n"u8));

        Assert.Equal("deploy.sh: not a readable ELF file: it does not start with the ELF magic bytes 7f 45 4c 46", error.Message);
    }

    [Fact]
    public void An_unknown_class_is_named()
    {
        var bytes = Hello.ToArray();
        bytes[4] = 7;

        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("odd", bytes));

        Assert.Contains("unknown class 7 in byte 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(64)]
    [InlineData(300)]
    public void A_truncated_file_says_where_it_ends(int length)
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfFile.Parse("cut", Hello.AsSpan(0, length)));

        Assert.StartsWith("cut: not a readable ELF file: truncated: the ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"the file has {length}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_big_endian_header_is_read_as_big_endian()
    {
        // A minimal 32-bit big-endian MIPS executable header with no program headers.
        var header = new byte[52];
        "\u007fELF"u8.CopyTo(header);
        header[4] = 1;
        header[5] = 2;
        header[17] = 2;
        header[19] = 8;

        var elf = ElfFile.Parse("mips", header);

        Assert.False(elf.LittleEndian);
        Assert.Equal(ElfMachine.Mips, elf.Machine);
        Assert.Equal(ElfLinkage.Static, elf.Linkage);
    }
}
