using System.Security.Cryptography;

namespace DeployMatrix.Images;

/// <summary>
/// The fixtures' static i386 <c>linux32</c>: i386 images start every command through it, so that on this 64-bit
/// kernel <c>uname -m</c> says i686 as on a real 32-bit machine.
/// </summary>
internal sealed record Linux32Launcher(string Path, string Sha256)
{
    public const string DefaultPath = HarnessAssets.Linux32LauncherPath;

    /// <summary>Where images keep it: where the runner puts it into every container of a platform that needs it.</summary>
    public const string ImagePath = Containers.Launch.Linux32LauncherPath;

    public static Linux32Launcher Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DeployMatrixException($"{path} is missing: the DeployMatrix package carries the i386 launcher as assets/linux32; restore the package again (dotnet restore)");
        }

        using var file = File.OpenRead(path);
        return new Linux32Launcher(path, Convert.ToHexStringLower(SHA256.HashData(file)));
    }

    public Task InstallIntoAsync(string rootfs, CancellationToken cancellationToken) =>
        new HostCommand("install", ["-D", "--mode=0755", Path, System.IO.Path.Combine(rootfs, ImagePath.TrimStart('/'))])
            .RunAsync(cancellationToken);
}
