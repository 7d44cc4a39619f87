using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Platforms;

/// <summary>
/// binfmt_misc entries are read as the kernel shows them and matched as the kernel matches them: magic bytes under
/// a mask. The entries DeployMatrix registers claim exactly their platform's binaries.
/// </summary>
public sealed class BinfmtEntrySpecs : IDisposable
{
    /// <summary>As /proc/sys/fs/binfmt_misc/qemu-aarch64 reads after Debian's qemu-user-static registers it.</summary>
    private const string DebianAarch64 = """
        enabled
        interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
        flags: PF
        offset 0
        magic 7f454c460201010000000000000000000200b700
        mask ffffffffffffff00fffffffffffffffffeffffff

        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("deploymatrix-binfmt-spec-");

    [Fact]
    public void An_entry_is_read_from_the_kernels_text()
    {
        var entry = BinfmtEntry.Parse("qemu-aarch64", DebianAarch64);

        Assert.True(entry.Enabled);
        Assert.Equal("/usr/libexec/qemu-binfmt/aarch64-binfmt-P", entry.Interpreter);
        Assert.Equal("PF", entry.Flags);
        Assert.True(entry.WorksInContainers);
        Assert.Equal(20, entry.Magic.Length);
        Assert.Equal(0xb7, entry.Magic[18]);
    }

    [Fact]
    public void An_entry_claims_the_binaries_of_its_machine_only_and_nothing_when_disabled()
    {
        var entry = BinfmtEntry.Parse("qemu-aarch64", DebianAarch64);

        Assert.True(entry.Claims(ProbeElf.For(KnownPlatforms.Arm64)));
        Assert.False(entry.Claims(ProbeElf.For(KnownPlatforms.Amd64)));
        Assert.False(entry.Claims(ProbeElf.For(KnownPlatforms.I386)));
        Assert.False((entry with { Enabled = false }).Claims(ProbeElf.For(KnownPlatforms.Arm64)));
        Assert.False(entry.Claims([0x7f, 0x45]));
    }

    [Theory]
    [InlineData("linux/amd64")]
    [InlineData("linux/386")]
    [InlineData("linux/arm64")]
    public void The_entry_registered_for_a_platform_claims_its_probe_and_no_other_with_flags_P_and_F(string name)
    {
        var platform = KnownPlatforms.Find(name)!;

        var entry = EmulatorRegistration.EntryFor(platform);

        // qemu takes flag P's arguments only when started as ARCH-binfmt-P; the link points at Debian's qemu.
        Assert.Equal($"{EmulatorRegistration.LinkDirectory}/{platform.QemuArchitecture}-binfmt-P", entry.Interpreter);
        Assert.Equal("PF", entry.Flags);
        Assert.True(entry.WorksInContainers);
        Assert.Equal([platform], KnownPlatforms.All.Where(p => entry.Claims(ProbeElf.For(p))));
    }

    [Fact]
    public void A_registration_line_escapes_every_byte_so_none_is_taken_for_the_separator()
    {
        var entry = EmulatorRegistration.EntryFor(KnownPlatforms.I386);

        var line = entry.RegistrationLine();

        Assert.StartsWith(@":deploymatrix-qemu-i386:M:0:\x7f\x45\x4c\x46\x01\x01\x01\x00", line, StringComparison.Ordinal);
        Assert.EndsWith(@"\xfe\xff\xff\xff:/var/lib/deploymatrix/qemu-binfmt/i386-binfmt-P:PF", line, StringComparison.Ordinal);
        Assert.Equal(7, line.Split(':').Length - 1);
    }

    [Fact]
    public void The_entry_that_claims_a_binary_is_found_among_enabled_ones_and_none_while_binfmt_misc_is_off()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "register"), "");
        File.WriteAllText(Path.Combine(_directory.FullName, "status"), "enabled\n");
        File.WriteAllText(Path.Combine(_directory.FullName, "qemu-aarch64"), DebianAarch64);
        File.WriteAllText(Path.Combine(_directory.FullName, "qemu-i386"), DebianAarch64.Replace("enabled", "disabled", StringComparison.Ordinal));
        var binfmt = new BinfmtMisc(_directory.FullName);

        Assert.Equal("qemu-aarch64", binfmt.Claiming(ProbeElf.For(KnownPlatforms.Arm64))?.Name);
        Assert.Null(binfmt.Claiming(ProbeElf.For(KnownPlatforms.Amd64)));
        Assert.Equal(2, binfmt.Entries().Count);

        File.WriteAllText(Path.Combine(_directory.FullName, "status"), "disabled\n");
        Assert.Null(binfmt.Claiming(ProbeElf.For(KnownPlatforms.Arm64)));
    }

    [Fact]
    public void Binfmt_misc_that_is_not_mounted_has_no_entries()
    {
        var binfmt = new BinfmtMisc(Path.Combine(_directory.FullName, "absent"));

        Assert.False(binfmt.IsMounted);
        Assert.Empty(binfmt.Entries());
        Assert.Null(binfmt.Claiming(ProbeElf.For(KnownPlatforms.Arm64)));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
