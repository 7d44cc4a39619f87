using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Docker.DotNet;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// Starts each program in a fresh container with runc itself, as the engine would start it but without the
/// engine's per-container work (create, shim, attach, inspect, remove through its API): the engine's own spec for the
/// same limits (<see cref="RuncSpecTemplate"/>), over the image's own layers, with the program's files bound
/// read-only from where they are on the host: nothing is copied, whatever a binary's size.
/// </summary>
internal sealed class RuncContainerRunner : IContainerRunner
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>How long runc may take to set a container up, beyond the program's own timeout, before it is killed.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(1);

    /// <summary>How often the pid file is looked for while runc sets up: once started, the exit is awaited, not polled.</summary>
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(5);

    private readonly DockerClient _client;
    private readonly ContainerJanitor _janitor;
    private readonly string? _linux32Launcher;
    private readonly RuncSession _session;
    private readonly RuncImage.Catalog _images;
    private readonly ConcurrentDictionary<string, Lazy<Task<RuncSpecTemplate>>> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<string>> _executableCopies = new(StringComparer.Ordinal);

    private RuncContainerRunner(DockerClient client, ContainerJanitor janitor, string? linux32Launcher, RuncSession session)
    {
        _client = client;
        _janitor = janitor;
        _linux32Launcher = linux32Launcher;
        _session = session;
        _images = new RuncImage.Catalog(client);
    }

    public ContainerRuntime Runtime => ContainerRuntime.Runc;

    /// <summary>Where this session's bundles are, each container's config.json among them.</summary>
    public string SessionDirectory => _session.Directory;

    /// <summary>How this session's container ids start.</summary>
    public string ContainerPrefix => _session.Prefix;

    /// <summary>How many containers of killed runs were removed when this runner started.</summary>
    public int RemovedAtStart => _session.RemovedAtStart;

    /// <exception cref="RuncUnavailableException">Why runc cannot work on this host.</exception>
    public static RuncContainerRunner Start(DockerEngine engine, ContainerJanitor janitor, string? linux32Launcher)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(janitor);
        if (!Environment.IsPrivilegedProcess)
        {
            throw new RuncUnavailableException("runc needs root, and this process is not root");
        }

        var runc = HostTool.Runc.Find() ?? throw new RuncUnavailableException("runc is not installed (apt-get install runc)");
        if (engine.Endpoint.Scheme != "unix")
        {
            throw new RuncUnavailableException($"the engine at {engine.Endpoint} is not on this machine, so its image layers are not either");
        }

        return new RuncContainerRunner(engine.CreateClient(), janitor, linux32Launcher, RuncSession.Start(runc, janitor.SessionId));
    }

    /// <summary>
    /// Takes the engine's spec for <paramref name="limits"/> and checks that every image can be run, so that a matrix
    /// learns before any cell runs whether runc can run it.
    /// </summary>
    /// <exception cref="RuncUnavailableException">Why it cannot.</exception>
    public async Task PrepareAsync(ContainerLimits limits, IReadOnlyList<(string Image, Platform Platform)> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        await Task.WhenAll(images.Select(image => _images.GetAsync(image.Image, cancellationToken))).ConfigureAwait(false);
        await TemplateAsync(limits, images, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ContainerResult> RunAsync(ContainerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_janitor.IsClosing)
        {
            throw new OperationCanceledException("The session is shutting down: no new container is started.");
        }

        var template = await TemplateAsync(request.Limits, [(request.Image, request.Platform)], cancellationToken).ConfigureAwait(false);
        var image = await _images.GetAsync(request.Image, cancellationToken).ConfigureAwait(false);
        var files = Launch.Files(request, _linux32Launcher).Select(Executable).ToList();
        using var bundle = RuncBundle.Create(_session.Directory, _session.NextId(), image, template.Etc, request.Limits.RootBytes);
        bundle.Write(RuncSpec.For(template, request, image, bundle, files));

        var clock = Stopwatch.StartNew();
        using var process = _session.StartRun(bundle);
        try
        {
            using var outputEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var output = OutputCapture.ReadAsync(
                process.StandardOutput.BaseStream, process.StandardError.BaseStream, request.Limits.OutputBytes, outputEnd.Token);
            var input = WriteStdinAsync(process.StandardInput.BaseStream, request.Stdin ?? []);

            var timedOut = await WaitOrKillAsync(process, bundle, request.Timeout, cancellationToken).ConfigureAwait(false);
            var duration = clock.Elapsed;
            outputEnd.CancelAfter(OutputCapture.DrainTimeout);
            var captured = await output.ConfigureAwait(false);
            await input.ConfigureAwait(false);
            // A kill at the deadline can land while runc is still starting the program (a loaded host, an emulated
            // platform): runc then logs "container process is already dead", which is the timeout's doing, not a start error.
            if (!timedOut && bundle.StartError() is { } startError)
            {
                return new ContainerResult { ContainerId = bundle.Id, StartError = startError, Runtime = Runtime };
            }

            return new ContainerResult
            {
                ContainerId = bundle.Id,
                ExitCode = process.ExitCode,
                Stdout = captured.Stdout,
                Stderr = captured.Stderr,
                StdoutTruncated = captured.StdoutTruncated,
                StderrTruncated = captured.StderrTruncated,
                TimedOut = timedOut,
                OutOfMemory = Cgroups.OutOfMemoryKills(bundle.CgroupsPath) > 0,
                Duration = duration,
                Runtime = Runtime,
            };
        }
        finally
        {
            if (!process.HasExited)
            {
                await _session.Runc.KillAsync(bundle.Id).ConfigureAwait(false);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            _session.Runc.RemoveEnded(bundle.Id);
            _session.Ended(bundle.Id);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _client.Dispose();
    }

    private Task<RuncSpecTemplate> TemplateAsync(
        ContainerLimits limits, IReadOnlyList<(string Image, Platform Platform)> candidates, CancellationToken cancellationToken)
    {
        // A record with a list compares the list by reference: the key is the limits as written out.
        var key = JsonSerializer.Serialize(limits);
        var template = _templates.GetOrAdd(key, _ => new Lazy<Task<RuncSpecTemplate>>(
            () => RuncSpecTemplate.CaptureAsync(_client, _janitor, limits, NativeFirst(candidates), cancellationToken)));
        return AwaitOrForgetAsync(key, template);
    }

    private async Task<RuncSpecTemplate> AwaitOrForgetAsync(string key, Lazy<Task<RuncSpecTemplate>> template)
    {
        try
        {
            return await template.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed or cancelled capture is not kept: the next request tries again.
            _templates.TryRemove(KeyValuePair.Create(key, template));
            throw;
        }
    }

    /// <summary>Images of the host's own platform first: an emulated <c>sleep</c> starts slower.</summary>
    private static IEnumerable<(string Image, Platform Platform)> NativeFirst(IEnumerable<(string Image, Platform Platform)> candidates) =>
        candidates.Distinct().OrderBy(c => c.Platform == KnownPlatforms.Host() ? 0 : 1);

    /// <summary>
    /// The file itself when it has an execute bit; otherwise a copy with 0755, once per session, as the engine's
    /// volume gives every file (root runs a file with any execute bit).
    /// </summary>
    private ContainerFile Executable(ContainerFile file)
    {
        // runc, and so this runner, exists on Linux only; the guard is for the platform analyzer.
        if (!OperatingSystem.IsLinux() || (File.GetUnixFileMode(file.HostPath) & AnyExecute) != 0)
        {
            return file;
        }

        var copy = _executableCopies.GetOrAdd(file.HostPath, path => new Lazy<string>(() => CopyExecutable(path))).Value;
        return file with { HostPath = copy };
    }

    private string CopyExecutable(string path)
    {
        var target = Path.Combine(_session.Directory, "executable-" + _session.NextId());
        File.Copy(path, target);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(target, (UnixFileMode)0b111_101_101);
        }

        return target;
    }

    private static async Task WriteStdinAsync(Stream stdin, byte[] bytes)
    {
        try
        {
            await stdin.WriteAsync(bytes).ConfigureAwait(false);
            stdin.Close();
        }
        catch (IOException)
        {
            // The program ended before reading all its input: nothing is lost, its result is collected as usual.
        }
    }

    /// <returns>True when the program outlived its timeout and was killed.</returns>
    private async Task<bool> WaitOrKillAsync(Process process, RuncBundle bundle, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // The timeout counts from the program's start, as under the engine: a loaded or emulating host can take
            // seconds to set a container up, and a kill before the program started is not the program's timeout.
            deadline.CancelAfter(timeout + StartLimit);
            await WaitForStartAsync(process, bundle, deadline.Token).ConfigureAwait(false);
            deadline.CancelAfter(timeout);
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // SIGKILL, as the engine sends: the program is PID 1, which ignores signals it has no handler for. A
            // container that ended by itself at the deadline, between the wait giving up and the kill, did not time out.
            var killed = await _session.Runc.KillAsync(bundle.Id).ConfigureAwait(false);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return killed;
        }
    }

    /// <summary>Returns once runc has started the program, or has ended without doing so.</summary>
    private static async Task WaitForStartAsync(Process process, RuncBundle bundle, CancellationToken cancellationToken)
    {
        var exited = process.WaitForExitAsync(cancellationToken);
        while (!bundle.ProgramStarted && !exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(StartPoll, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
