using System.Collections.Concurrent;
using System.Text;
using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.RootLoader;

/// <summary>
/// The loader audit module (fixtures/src/root-audit.c) that makes a root's glibc loader open the root's files for
/// every path it searches: built for each platform, since it is loaded into the program's process, and copied once
/// per root with the root and the staging directory written over its placeholders.
/// </summary>
/// <param name="directory">Where the copies are written: the runner's own directory.</param>
/// <param name="stages">Where the runner stages programs, which the module leaves alone.</param>
internal sealed class RootAudit(string directory, string stages)
{
    private const int PathBytes = 4096;
    private static readonly byte[] RootPlaceholder = "@DEPLOYMATRIX-ROOT@"u8.ToArray();
    private static readonly byte[] StagePlaceholder = "@DEPLOYMATRIX-STAGE@"u8.ToArray();

    private readonly ConcurrentDictionary<(string Root, Platform Platform), Lazy<string>> _copies = new();

    /// <summary>The module for programs of <paramref name="platform"/> in <paramref name="root"/>.</summary>
    /// <exception cref="DeployMatrixException">There is no build of it for the platform, or the root's path is too long for it.</exception>
    public string For(string root, Platform platform)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(platform);
        return _copies.GetOrAdd((root, platform), key => new(() => Write(key.Root, key.Platform))).Value;
    }

    private string Write(string root, Platform platform)
    {
        var module = File.ReadAllBytes(Find(platform));
        Fill(module, RootPlaceholder, root);
        Fill(module, StagePlaceholder, stages);
        var copy = Path.Join(directory, $"root-audit-{Guid.NewGuid().ToString("N")[..8]}-{platform.Slug}.so");
        File.WriteAllBytes(copy, module);
        return copy;
    }

    private static void Fill(byte[] module, byte[] placeholder, string path)
    {
        var value = Encoding.UTF8.GetBytes(path + "\0");
        if (value.Length > PathBytes)
        {
            throw new DeployMatrixException($"The root file system path {path} is longer than the {PathBytes - 1} bytes the loader audit module holds.");
        }

        var at = module.AsSpan().IndexOf(placeholder);
        if (at < 0)
        {
            throw new DeployMatrixException($"The loader audit module has no placeholder {Encoding.ASCII.GetString(placeholder)}: rebuild it (make -C fixtures).");
        }

        value.CopyTo(module, at);
    }

    /// <summary>The build for <paramref name="platform"/> in a checkout, or the copy packed with the library.</summary>
    private static string Find(Platform platform)
    {
        var (inCheckout, packed) = ($"fixtures/bin/{platform.Slug}/root-audit.so", $"root-audit-{platform.Slug}/root-audit.so");
        return HarnessAssets.FindInCheckoutOrTool(inCheckout, packed)
               ?? throw new DeployMatrixException(
                   $"Running a root file system target on {platform} needs the loader audit module for {platform.Slug}: {HarnessAssets.Missing(inCheckout, packed)}.");
    }
}
