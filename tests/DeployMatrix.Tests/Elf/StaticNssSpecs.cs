using CliWrap;
using CliWrap.Buffered;
using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Elf;

/// <summary>
/// A program statically linked against glibc that resolves names (getpwnam, getaddrinfo) still loads glibc's NSS
/// modules from the system at run time; the ELF file alone shows it, on the story's own fixture and on a real static
/// glibc program from Debian's archive (busybox-static), and not on a static program that resolves nothing.
/// </summary>
public sealed class StaticNssSpecs
{
    private static readonly HarnessAssets Assets = HarnessAssets.Locate();

    [Theory]
    [InlineData("linux-amd64", "static-cxx", true)]
    [InlineData("linux-amd64", "go-pcap-static", true)]
    [InlineData("linux-386", "hello-static", false)]
    [InlineData("linux-arm64", "hello-static", false)]
    [InlineData("linux-amd64", "hello", false)]
    public void A_static_glibc_program_that_resolves_names_is_seen_to_load_NSS_modules(string platform, string fixture, bool loads)
    {
        var binary = ElfFile.Read(Assets.Fixture(KnownPlatforms.All.Single(p => p.Slug == platform), fixture));

        Assert.Equal(loads, binary.LoadsNssModules);
    }

    [Fact]
    public void Bytes_no_segment_maps_are_not_the_programs_own_so_a_payload_naming_nsswitch_conf_does_not_count()
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("deploymatrix-spec-").FullName, "hello-static");
        try
        {
            File.Copy(Assets.Fixture(KnownPlatforms.Amd64, "hello-static"), copy);
            using (var file = File.Open(copy, FileMode.Append))
            {
                file.Write("payload: /etc/nsswitch.conf\0"u8);
            }

            var binary = ElfFile.Read(copy);

            Assert.Equal(ElfLinkage.Static, binary.Linkage);
            Assert.False(binary.LoadsNssModules);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    [Fact]
    public async Task Debians_busybox_static_a_real_static_glibc_program_is_seen_to_load_NSS_modules()
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("deploymatrix-spec-").FullName, "busybox");
        try
        {
            // Debian's busybox-static, as the musl image holds it.
            var created = await CliWrap.Cli.Wrap("docker").WithArguments(["create", "--pull", "never", "deploymatrix/musl:1.2.3-amd64", "/bin/true"])
                .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
            var container = created.StandardOutput.Trim();
            await CliWrap.Cli.Wrap("docker").WithArguments(["cp", $"{container}:/bin/busybox", copy]).ExecuteBufferedAsync(TestContext.Current.CancellationToken);
            await CliWrap.Cli.Wrap("docker").WithArguments(["rm", container]).ExecuteBufferedAsync(TestContext.Current.CancellationToken);

            var busybox = ElfFile.Read(copy);

            Assert.Equal(ElfLinkage.Static, busybox.Linkage);
            Assert.True(busybox.LoadsNssModules);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }
}
