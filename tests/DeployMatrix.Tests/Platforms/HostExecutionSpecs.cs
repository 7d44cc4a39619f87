using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Platforms;

/// <summary>
/// How this host runs each platform is measured, by executing a probe and asking the kernel what it started, never
/// assumed from the host's architecture. These hold on any host that `./dm setup` prepared, whatever its kernel.
/// </summary>
public sealed class HostExecutionSpecs
{
    private static readonly HostExecution Measured = HostExecution.Measure();

    [Fact]
    public void The_hosts_own_platform_runs_natively()
    {
        var own = KnownPlatforms.Host()!;

        Assert.Equal(ExecutionMode.Native, Measured.For(own).Mode);
    }

    [Fact]
    public void After_setup_no_platform_is_refused_and_every_emulated_one_is_started_through_the_binfmt_misc_entry_that_claims_it()
    {
        var binfmt = BinfmtMisc.Host;

        Assert.All(Measured.Platforms, execution => Assert.NotEqual(ExecutionMode.Refused, execution.Mode));
        Assert.Contains(Measured.Platforms, execution => execution.IsEmulated);
        foreach (var execution in Measured.Platforms.Where(p => p.IsEmulated))
        {
            var entry = binfmt.Claiming(ProbeElf.For(execution.Platform));
            Assert.NotNull(entry);
            Assert.Equal(entry.Name, execution.Entry?.Name);
            Assert.True(entry.WorksInContainers, $"{entry.Name} lacks the F flag");
            Assert.Equal(new FileInfo(entry.Interpreter).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? entry.Interpreter, execution.Emulator);
        }
    }

    [Fact]
    public void A_machine_that_neither_the_kernel_nor_binfmt_misc_takes_is_refused_with_the_kernels_words()
    {
        // ELF machine 0x1234 is nobody's: no kernel runs it and no emulator is registered for it.
        var program = ProbeElf.Build((ElfMachine)0x1234, ElfClass.Elf64, [0x00]);

        var execution = ExecutionProbe.Run(KnownPlatforms.Amd64, program, BinfmtMisc.Host);

        Assert.Equal(ExecutionMode.Refused, execution.Mode);
        Assert.Equal("the kernel refuses its binaries: Exec format error", execution.Detail);
    }

    [Fact]
    public void Told_the_host_is_arm64_its_own_platform_is_native_and_the_x86_ones_emulated()
    {
        var assumed = Measured.Assuming(new HostAssumption(KnownPlatforms.Arm64, []));

        Assert.Equal(
            [(KnownPlatforms.Amd64, ExecutionMode.Emulated), (KnownPlatforms.I386, ExecutionMode.Emulated), (KnownPlatforms.Arm64, ExecutionMode.Native)],
            assumed.Platforms.Select(p => (p.Platform, p.Mode)));
        Assert.Same(Measured, assumed.Measured);
        Assert.All(assumed.Platforms, p => Assert.Contains("host.platform is linux/arm64", p.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void Told_i386_is_emulated_only_i386_changes()
    {
        var assumed = Measured.Assuming(new HostAssumption(null, [KnownPlatforms.I386]));

        Assert.True(assumed.For(KnownPlatforms.I386).IsEmulated);
        Assert.Equal(Measured.For(KnownPlatforms.Amd64), assumed.For(KnownPlatforms.Amd64));
        Assert.Equal(Measured.For(KnownPlatforms.Arm64), assumed.For(KnownPlatforms.Arm64));
    }
}
