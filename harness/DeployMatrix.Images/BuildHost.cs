using System.Runtime.InteropServices;
using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>The machine images are built on: its tools, the Debian mirror its apt uses, what binaries it can run.</summary>
internal sealed class BuildHost
{
    private readonly Lazy<Uri> _debianMirror = new(() => AptSources.FindDebianMirror());
    private readonly Lazy<HostExecution> _execution = new(() => HostExecution.Measure());

    public Platform? Platform { get; } = KnownPlatforms.Host();

    /// <summary>The Debian archive this machine's apt installs from.</summary>
    public Uri DebianMirror => _debianMirror.Value;

    /// <summary>Building writes root-owned files, device nodes and setuid programs, and mmdebstrap chroots.</summary>
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new DeployMatrixException(
                "Building images needs root (mmdebstrap chroots and the layers hold root-owned files): run it with sudo or as root.");
        }
    }

    /// <summary>Whether this host runs the platform's binaries through an emulator: a build that runs them is slow here.</summary>
    public bool Emulates(Platform platform) => _execution.Value.For(platform).IsEmulated;

    /// <summary>
    /// Fails unless the platform's binaries run here, as measured by running a probe: natively, or through a
    /// binfmt_misc entry with flag F (the emulator is opened when registered, so it also works inside a chroot),
    /// whatever that entry is called (Debian's <c>qemu-aarch64</c>, or <c>deploymatrix-qemu-aarch64</c>).
    /// </summary>
    public void RequireRunnable(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var execution = _execution.Value.For(platform);
        if (execution.Mode == ExecutionMode.Native || (execution.IsEmulated && execution.Entry?.WorksInContainers == true))
        {
            return;
        }

        throw new DeployMatrixException(
            $"{platform} binaries cannot run in a chroot on this {Platform?.Name ?? RuntimeInformation.OSArchitecture.ToString()} host " +
            $"({execution.Describe()}): it needs them run natively or by a binfmt_misc entry with flag F. Register Debian's " +
            "qemu-user-static for them with `deploymatrix host --register` (as root).");
    }
}
