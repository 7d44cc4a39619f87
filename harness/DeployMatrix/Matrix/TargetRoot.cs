using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>
/// A target's root file system directory (<c>rootfs:</c>), such as an exported image or an unpacked sysroot, whose
/// binaries run through its own loader instead of in a container.
/// </summary>
/// <param name="Template">The directory as the matrix gives it, relative to its file, <c>{arch}</c> allowed: what snapshots show.</param>
/// <param name="BaseDirectory">The matrix file's directory, which <paramref name="Template"/> is relative to.</param>
internal sealed record TargetRoot(string Template, string BaseDirectory)
{
    /// <summary>The directory for <paramref name="platform"/> as the matrix names it: the same on every host.</summary>
    public string NameFor(Platform platform) => TargetDefinition.Expand(Template, platform);

    /// <summary>The directory for <paramref name="platform"/> on this host.</summary>
    public string DirectoryFor(Platform platform) => Path.GetFullPath(NameFor(platform), BaseDirectory);
}
