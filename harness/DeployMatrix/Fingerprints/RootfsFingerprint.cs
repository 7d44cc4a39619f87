using System.Diagnostics;
using DeployMatrix.Platforms;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// A fingerprint read from a root file system as a tar stream (a container export, or any rootfs tarball), without
/// running anything. What only running can tell is left open: a musl image's <see cref="LibcInfo.Version"/> is
/// null (see <see cref="DockerImageFingerprinter"/>, which asks the image's loader).
/// </summary>
internal static class RootfsFingerprint
{
    /// <param name="tar">The root file system; read to its end, not closed.</param>
    /// <param name="image">The image the file system is of.</param>
    /// <param name="platform">The platform whose loader is described.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public static async Task<ImageFingerprint> ReadAsync(Stream tar, ImageIdentity image, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(platform);
        var takenAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        return Of(await RootfsScan.ReadAsync(tar, cancellationToken).ConfigureAwait(false), image, platform, takenAt, clock);
    }

    /// <summary>The fingerprint of a root file system that is a directory here (a target's <c>rootfs</c>).</summary>
    /// <param name="directory">The root.</param>
    /// <param name="image">What names it: its directory.</param>
    /// <param name="platform">The platform whose loader is described.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public static async Task<ImageFingerprint> ReadDirectoryAsync(string directory, ImageIdentity image, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(platform);
        var takenAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        return Of(await RootfsScan.ReadDirectoryAsync(directory, cancellationToken).ConfigureAwait(false), image, platform, takenAt, clock);
    }

    private static ImageFingerprint Of(RootfsScan scan, ImageIdentity image, Platform platform, DateTimeOffset takenAt, Stopwatch clock)
    {
        var view = LoaderView.Of(scan, platform);
        return new ImageFingerprint
        {
            ImageId = image.Id,
            Reference = image.Reference,
            Platform = platform.Name,
            Libc = view.Libc switch
            {
                LibcKind.None => LibcInfo.None,
                LibcKind.Glibc => new LibcInfo(LibcKind.Glibc, view.GlibcVersion),
                _ => new LibcInfo(view.Libc, null),
            },
            SearchDirectories = view.SearchDirectories,
            Interpreters = view.Interpreters,
            Libraries = view.Libraries,
            LoaderProvidedPrefixes = view.LoaderProvidedPrefixes,
            HasAptGet = scan.ElfAt("/usr/bin/apt-get") is not null,
            OsRelease = OsRelease.Parse(scan.TextAt("/etc/os-release") ?? scan.TextAt(RootfsScan.OsReleaseFallback)),
            TakenAt = takenAt,
            Timings = new TakeTimings(clock.Elapsed, TimeSpan.Zero),
        };
    }
}
