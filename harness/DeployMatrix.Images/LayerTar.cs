using System.Security.Cryptography;

namespace DeployMatrix.Images;

/// <summary>An image layer: a root file system as a plain tar, and its digest (Docker's diff id).</summary>
internal sealed record LayerTar(string Path, string DiffId)
{
    /// <summary>
    /// Archives the root file system with GNU tar, which keeps device nodes, hard links, numeric owners, setuid bits
    /// and capabilities (xattrs) as they are. An empty root file system makes no layer: Docker takes an image with none.
    /// </summary>
    public static async Task<LayerTar?> CreateAsync(string rootfs, string path, CancellationToken cancellationToken)
    {
        if (!Directory.EnumerateFileSystemEntries(rootfs).Any())
        {
            return null;
        }

        await new HostCommand("tar", ["--numeric-owner", "--xattrs", "-C", rootfs, "-cf", path, "."])
            .RunAsync(cancellationToken).ConfigureAwait(false);

        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            var digest = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return new LayerTar(path, "sha256:" + Convert.ToHexStringLower(digest));
        }
    }
}
