using DeployMatrix.Elf;

namespace DeployMatrix.Platforms;

/// <summary>
/// A platform a binary can be shipped to, with the names each tool involved uses for it.
/// </summary>
/// <param name="Name">As Docker names it: <c>linux/amd64</c>.</param>
/// <param name="Architecture">Docker's architecture, as in image metadata: <c>amd64</c>.</param>
/// <param name="DebianArchitecture">Debian's name for it, for mmdebstrap and apt: <c>i386</c>.</param>
/// <param name="UnameMachine">What <c>uname -m</c> prints in a container of this platform.</param>
/// <param name="GnuTriplet">The multiarch triplet of library directories: <c>x86_64-linux-gnu</c>.</param>
/// <param name="MuslArchitecture">The architecture in musl's loader name <c>ld-musl-ARCH.so.1</c>.</param>
/// <param name="GlibcInterpreter">Where glibc's loader lies, as binaries name it in <c>PT_INTERP</c>.</param>
/// <param name="Machine">The ELF machine of binaries built for this platform.</param>
/// <param name="Class">The ELF class of binaries built for this platform.</param>
/// <param name="QemuArchitecture">qemu-user's name for it, as in Debian's <c>/usr/bin/qemu-ARCH-static</c>.</param>
/// <param name="GitHubRunner">A GitHub Actions runner that runs this platform's binaries natively.</param>
/// <param name="NeedsLinux32Personality">
/// A 32-bit x86 container on a 64-bit kernel reports x86_64 unless its process runs with the Linux32 personality,
/// as <c>linux32</c> sets it.
/// </param>
internal sealed record Platform(
    string Name,
    string Architecture,
    string DebianArchitecture,
    string UnameMachine,
    string GnuTriplet,
    string MuslArchitecture,
    string GlibcInterpreter,
    ElfMachine Machine,
    ElfClass Class,
    string QemuArchitecture,
    string GitHubRunner,
    bool NeedsLinux32Personality)
{
    /// <summary>A name usable in file names and image tags: <c>linux-amd64</c>.</summary>
    public string Slug => Name.Replace('/', '-');

    /// <summary>Where musl's loader lies, as binaries name it in <c>PT_INTERP</c>: <c>/lib/ld-musl-x86_64.so.1</c>.</summary>
    public string MuslInterpreter => $"/lib/ld-musl-{MuslArchitecture}.so.1";

    /// <summary>Whether an image whose metadata says <paramref name="os"/>/<paramref name="architecture"/> is of this platform.</summary>
    public bool IsPlatformOf(string? os, string? architecture) => os == "linux" && architecture == Architecture;

    /// <summary>Where Debian's qemu-user-static puts the emulator of this platform.</summary>
    public string QemuStatic => $"/usr/bin/qemu-{QemuArchitecture}-static";

    public override string ToString() => Name;
}
