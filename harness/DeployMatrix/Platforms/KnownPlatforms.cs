using DeployMatrix.Elf;

namespace DeployMatrix.Platforms;

/// <summary>The platforms DeployMatrix runs binaries on.</summary>
internal static class KnownPlatforms
{
    public static readonly Platform Amd64 = new(
        "linux/amd64", "amd64", "amd64", "x86_64", "x86_64-linux-gnu", "x86_64", "/lib64/ld-linux-x86-64.so.2", ElfMachine.X86_64, ElfClass.Elf64,
        QemuArchitecture: "x86_64", GitHubRunner: "ubuntu-24.04", NeedsLinux32Personality: false);

    public static readonly Platform I386 = new(
        "linux/386", "386", "i386", "i686", "i386-linux-gnu", "i386", "/lib/ld-linux.so.2", ElfMachine.X86, ElfClass.Elf32,
        QemuArchitecture: "i386", GitHubRunner: "ubuntu-24.04", NeedsLinux32Personality: true);

    public static readonly Platform Arm64 = new(
        "linux/arm64", "arm64", "arm64", "aarch64", "aarch64-linux-gnu", "aarch64", "/lib/ld-linux-aarch64.so.1", ElfMachine.AArch64, ElfClass.Elf64,
        QemuArchitecture: "aarch64", GitHubRunner: "ubuntu-24.04-arm", NeedsLinux32Personality: false);

    public static readonly IReadOnlyList<Platform> All = [Amd64, I386, Arm64];

    /// <summary>Finds a platform by its Docker name (<c>linux/arm64</c>), or null.</summary>
    public static Platform? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The platform a binary is built for, by its ELF machine and class; null when none of the known ones.</summary>
    public static Platform? Of(ElfFile binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        return All.FirstOrDefault(p => p.Machine == binary.Machine && p.Class == binary.Class);
    }

    /// <summary>The platform of the machine the harness runs on, or null where none of the known ones is.</summary>
    public static Platform? Host() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => Amd64,
        System.Runtime.InteropServices.Architecture.X86 => I386,
        System.Runtime.InteropServices.Architecture.Arm64 => Arm64,
        _ => null,
    };
}
