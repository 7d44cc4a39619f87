using System.Collections.Concurrent;
using System.Diagnostics;
using DeployMatrix.Containers;
using DeployMatrix.Containers.RootLoader;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Running;

/// <summary>
/// The targets that are root file system directories (<c>rootfs:</c>): each one's directory as a cell's
/// <see cref="TargetImage"/>, and its fingerprint, read from its files once per run (never cached: a directory has no
/// id that changes with its contents). No engine is involved.
/// </summary>
internal sealed class TargetRoots
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string, Platform), Lazy<Task<ImageFingerprint>>> _fingerprints = new();

    /// <summary>The root a cell of a <c>rootfs</c> target runs in.</summary>
    public static TargetImage For(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var directory = cell.Target.Root!.DirectoryFor(cell.Platform);
        return new TargetImage(cell.Image, directory, directory) { IsRoot = true };
    }

    /// <summary>What the root loader runner must know of a root, from its fingerprint.</summary>
    public static RootLoaderPath LoaderPath(ImageFingerprint root, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(platform);
        return new RootLoaderPath(
            root.Libc,
            root.Libc.Kind == LibcKind.Glibc ? [.. root.SearchDirectories.Except(LoaderSearchPath.GlibcTrusted(platform))] : root.SearchDirectories);
    }

    public Task<ImageFingerprint> FingerprintAsync(TargetImage root, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(platform);
        return _fingerprints.GetOrAdd((root.LocalTag, platform), _ => new(() => TakeAsync(root, platform, cancellationToken))).Value;
    }

    private static async Task<ImageFingerprint> TakeAsync(TargetImage root, Platform platform, CancellationToken cancellationToken)
    {
        var fingerprint = await RootfsFingerprint.ReadDirectoryAsync(root.LocalTag, new ImageIdentity(root.ImageId, root.Reference, platform.Name), platform, cancellationToken)
            .ConfigureAwait(false);
        return fingerprint.Libc.Kind == LibcKind.Musl
            ? fingerprint with { Libc = new LibcInfo(LibcKind.Musl, await MuslVersionAsync(root.LocalTag, platform, cancellationToken).ConfigureAwait(false)) }
            : fingerprint;
    }

    /// <summary>What the root's musl loader says of its version when run with no arguments, as for an image; null when it cannot run here.</summary>
    private static async Task<string?> MuslVersionAsync(string root, Platform platform, CancellationToken cancellationToken)
    {
        var loader = RootPath.Resolve(root, platform.MuslInterpreter);
        var start = new ProcessStartInfo(loader) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        try
        {
            using var process = Process.Start(start)!;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ProbeTimeout);
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return DockerImageFingerprinter.MuslVersionIn(await stderr.ConfigureAwait(false)) ?? DockerImageFingerprinter.MuslVersionIn(await stdout.ConfigureAwait(false));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
