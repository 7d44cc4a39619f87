using CliWrap;
using CliWrap.Buffered;
using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Platforms;

/// <summary>
/// Each platform's probe is a real program of that platform: it waits for one byte on stdin and exits 0. Run here
/// under Debian's qemu-user for its platform, so every probe is exercised whatever this host runs natively.
/// </summary>
public sealed class ProbeElfSpecs : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("deploymatrix-probe-spec-");

    public static TheoryData<string> Platforms => [.. KnownPlatforms.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Platforms))]
    public async Task The_probe_of_each_platform_waits_for_its_input_and_exits_0_under_that_platforms_emulator(string name)
    {
        var platform = KnownPlatforms.Find(name)!;
        var probe = Path.Combine(_directory.FullName, platform.Slug);
        await File.WriteAllBytesAsync(probe, ProbeElf.For(platform), TestContext.Current.CancellationToken);
        if (OperatingSystem.IsLinux())
        {
            // qemu-user runs executable files only; otherwise it exits 1 without a word.
            File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var run = await CliWrap.Cli.Wrap(platform.QemuStatic).WithArguments([probe]).WithStandardInputPipe(PipeSource.FromString("x"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, $"{platform.QemuStatic} {probe} exited {run.ExitCode}: {run.StandardOutput}{run.StandardError}");
    }

    [Fact]
    public void A_probe_is_an_ELF_file_of_its_platform()
    {
        foreach (var platform in KnownPlatforms.All)
        {
            var probe = Path.Combine(_directory.FullName, platform.Slug);
            File.WriteAllBytes(probe, ProbeElf.For(platform));

            var elf = ElfFile.Read(probe);

            Assert.Equal(platform, KnownPlatforms.Of(elf));
            Assert.Equal(ElfLinkage.Static, elf.Linkage);
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
