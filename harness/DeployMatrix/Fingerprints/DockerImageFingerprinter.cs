using System.Diagnostics;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Containers;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;
using DeployMatrix.Matrix;
using Platform = DeployMatrix.Platforms.Platform;

namespace DeployMatrix.Fingerprints;

/// <summary>
/// Takes fingerprints from the engine without running anything in the image: a container is created (never started)
/// with the session's labels, its file system streamed out through <c>GET /containers/{id}/export</c> and read on the
/// way, and the container removed. Only for musl is something run: the image's own loader, with no arguments, which
/// prints its version (a trusted program of the image, not the binary under test).
/// </summary>
internal sealed partial class DockerImageFingerprinter : IImageFingerprinter, IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(20);

    private readonly DockerClient _client;
    private readonly ContainerJanitor _janitor;
    private readonly DockerContainerRunner? _runner;

    /// <param name="engine">The connected engine.</param>
    /// <param name="janitor">Labels the container and removes it should this process die before it does.</param>
    /// <param name="runner">Runs a musl image's loader for its version; without it musl's version stays unknown.</param>
    public DockerImageFingerprinter(DockerEngine engine, ContainerJanitor janitor, DockerContainerRunner? runner)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(janitor);
        _client = engine.CreateClient();
        _janitor = janitor;
        _runner = runner;
    }

    public async Task<ImageIdentity?> InspectAsync(string localTag, CancellationToken cancellationToken)
    {
        try
        {
            var image = await _client.Images.InspectImageAsync(localTag, cancellationToken).ConfigureAwait(false);
            return new ImageIdentity(image.ID, localTag, $"{image.Os}/{image.Architecture}");
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public async Task<ImageFingerprint> TakeAsync(ImageIdentity image, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(platform);
        var clock = Stopwatch.StartNew();
        var fingerprint = await ReadFileSystemAsync(image, platform, cancellationToken).ConfigureAwait(false);
        var scanned = clock.Elapsed;
        if (fingerprint.Libc.Kind != LibcKind.Musl)
        {
            return fingerprint with { Timings = new TakeTimings(scanned, TimeSpan.Zero) };
        }

        clock.Restart();
        var version = await MuslVersionAsync(image, platform, cancellationToken).ConfigureAwait(false);
        return fingerprint with
        {
            Libc = new LibcInfo(LibcKind.Musl, version),
            Timings = new TakeTimings(scanned, clock.Elapsed),
        };
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// The version in what musl's loader prints when run with no arguments (<c>musl libc (x86_64)</c>,
    /// <c>Version 1.2.3</c>, then its usage), or null.
    /// </summary>
    public static string? MuslVersionIn(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return MuslVersionLine().Match(output) is { Success: true } match ? match.Groups[1].Value : null;
    }

    private Task<ImageFingerprint> ReadFileSystemAsync(ImageIdentity image, Platform platform, CancellationToken cancellationToken) =>
        ContainerExport.ReadAsync(_client, _janitor, image.Id, platform, (export, token) => RootfsFingerprint.ReadAsync(export, image, platform, token), cancellationToken);

    /// <summary>
    /// Runs the image's musl loader with no arguments: it prints <c>musl libc (x86_64)</c> and <c>Version 1.2.3</c>
    /// and exits 1. Null when that cannot be done here (no runner, no i386 launcher, no emulation of the platform).
    /// </summary>
    private async Task<string?> MuslVersionAsync(ImageIdentity image, Platform platform, CancellationToken cancellationToken)
    {
        if (_runner is null)
        {
            return null;
        }

        try
        {
            var run = await _runner.RunAsync(
                new ContainerRequest { Image = image.Reference, Platform = platform, Command = [platform.MuslInterpreter], Timeout = ProbeTimeout, Limits = RunnerSettings.Default.Limits },
                cancellationToken).ConfigureAwait(false);
            return MuslVersionIn(run.Stderr) ?? MuslVersionIn(run.Stdout);
        }
        catch (Exception e) when (e is DeployMatrixException or DockerApiException or IOException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^Version\s+([0-9][0-9A-Za-z.+_-]*)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex MuslVersionLine();
}
