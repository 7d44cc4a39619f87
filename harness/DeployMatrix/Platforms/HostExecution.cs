using DeployMatrix.Elf;

namespace DeployMatrix.Platforms;

/// <summary>
/// Which binaries this host's kernel runs itself, and which only through a binfmt_misc emulator (qemu-user). A run
/// through the emulator proves the binary can start; a binary that runs natively in a cell of another platform
/// (an amd64 static binary in an arm64 image, on an amd64 host) proves nothing about that platform.
/// </summary>
public static class HostExecution
{
    /// <summary>The machines a kernel of each host platform executes without emulation (64-bit hosts run their 32-bit kin).</summary>
    private static readonly IReadOnlyDictionary<ElfMachine, ElfMachine[]> NativeMachines = new Dictionary<ElfMachine, ElfMachine[]>
    {
        [ElfMachine.X86_64] = [ElfMachine.X86_64, ElfMachine.X86],
        [ElfMachine.X86] = [ElfMachine.X86],
        [ElfMachine.AArch64] = [ElfMachine.AArch64, ElfMachine.Arm],
    };

    /// <summary>True when running a binary built for <paramref name="machine"/> here needs an emulator.</summary>
    public static bool IsEmulated(ElfMachine machine, Platform? host = null)
    {
        host ??= KnownPlatforms.Host();
        return host is null || !NativeMachines.TryGetValue(host.Machine, out var native) || !native.Contains(machine);
    }
}
