using System.Runtime.InteropServices;
using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>The machine images are built on: its tools, the Debian mirror its apt uses, what binaries it can run.</summary>
internal sealed class BuildHost
{
    private const string BinfmtDirectory = "/proc/sys/fs/binfmt_misc";

    private readonly Lazy<Uri> _debianMirror = new(() => AptSources.FindDebianMirror());

    public Platform? Platform { get; } = KnownPlatforms.Host();

    /// <summary>The Debian archive this machine's apt installs from.</summary>
    public Uri DebianMirror => _debianMirror.Value;

    /// <summary>Building writes root-owned files, device nodes and setuid programs, and debootstrap chroots.</summary>
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new DeployMatrixException(
                "Building images needs root (debootstrap chroots and the layers hold root-owned files): run it with sudo or as root.");
        }
    }

    /// <summary>
    /// Fails unless the platform's binaries run here: natively, or through a binfmt_misc qemu entry with flag F
    /// (the emulator is opened when registered, so it also works inside a chroot or a container).
    /// </summary>
    public void RequireRunnable(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        if (RunsNatively(platform))
        {
            return;
        }

        // qemu names its user-mode emulators after the CPU of the GNU triplet: qemu-aarch64, qemu-i386, qemu-x86_64.
        var emulator = "qemu-" + platform.GnuTriplet.Split('-')[0];
        var entry = Path.Combine(BinfmtDirectory, emulator);
        var lines = File.Exists(entry) ? File.ReadAllLines(entry) : [];
        var usable = lines.FirstOrDefault() == "enabled"
                     && lines.Any(l => l.StartsWith("flags:", StringComparison.Ordinal) && l.Contains('F', StringComparison.Ordinal));
        if (!usable)
        {
            throw new DeployMatrixException(
                $"{platform} binaries cannot run on this {Platform?.Name ?? RuntimeInformation.OSArchitecture.ToString()} host: " +
                $"{entry} is not an enabled entry with flag F. Register qemu-user-static: run ./dm setup " +
                $"(or apt-get install qemu-user-static binfmt-support && update-binfmts --enable {emulator}).");
        }
    }

    // An x86_64 kernel runs i386 binaries itself.
    private bool RunsNatively(Platform platform) =>
        platform == Platform || (Platform == KnownPlatforms.Amd64 && platform == KnownPlatforms.I386);
}
