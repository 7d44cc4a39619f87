using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Engine;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeployMatrix.Containers;

/// <summary>
/// Runs one program per fresh container, hardened for untrusted code: no network, no capabilities, no privilege
/// gain, size-limited scratch, bounded processes, memory, CPU, open files and output. A writable root file system is
/// the container's own layer, which the engine on overlay2 does not bound in size (only xfs with project quotas
/// would let it): the timeout bounds how long a program can write there, and the layer goes with the container. The program's files come in through read-only volumes (<see cref="FileStage"/>). Each container is
/// removed when its run ends, whatever happened.
/// </summary>
internal sealed class DockerContainerRunner : IContainerRunner
{
    private const long KilledStatus = 128 + 9;

    /// <summary>
    /// The engine learns of an out-of-memory kill through an event of its own, which can arrive after the exit, and
    /// the container's state then misses it (seen here: status 137, "Killed", OOMKilled false). A SIGKILL the harness
    /// did not send is also looked up in the engine's event log, waiting this long past the exit for a late event.
    /// </summary>
    private static readonly TimeSpan OutOfMemoryEventGrace = TimeSpan.FromSeconds(1);

    private readonly ContainerJanitor _janitor;
    private readonly string? _linux32Launcher;
    private readonly DockerClient _client;
    private readonly FileStage _stage;
    private readonly PodmanParity? _podman;

    /// <param name="engine">The connected engine.</param>
    /// <param name="janitor">Labels the containers and removes any a run leaves behind.</param>
    /// <param name="linux32Launcher">
    /// Host path of a static i386 <c>linux32</c>; needed only to run on platforms that need that personality.
    /// </param>
    public DockerContainerRunner(DockerEngine engine, ContainerJanitor janitor, string? linux32Launcher)
    {
        _janitor = janitor;
        _linux32Launcher = linux32Launcher;
        _client = engine.CreateClient();
        _podman = engine.Version.IsPodman ? new PodmanParity() : null;
        _stage = new FileStage(_client, janitor);
    }

    public ContainerRuntime Runtime => ContainerRuntime.Docker;

    public async Task<ContainerResult> RunAsync(ContainerRequest request, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await RunOnceAsync(request, cancellationToken).ConfigureAwait(false);
            if (_podman is null || attempt == PodmanParity.StartAttempts || !PodmanParity.IsLateCgroupRead(result.StartError))
            {
                return result;
            }
        }
    }

    private async Task<ContainerResult> RunOnceAsync(ContainerRequest request, CancellationToken cancellationToken)
    {
        if (_janitor.IsClosing)
        {
            throw new OperationCanceledException("The session is shutting down: no new container is started.");
        }

        var mounts = await _stage.MountsAsync(
            [.. Launch.Files(request, _linux32Launcher)], [.. request.Limits.Writable], request.Image, request.Platform.Name, cancellationToken).ConfigureAwait(false);
        var container = Build(request, mounts);
        try
        {
            try
            {
                await container.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (!cancellationToken.IsCancellationRequested)
            {
                return new ContainerResult { StartError = EngineFaults.MessageOf(e) };
            }

            // Output is read while input is written: a program that writes before it reads would otherwise block both.
            using var outputEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var output = OutputCapture.ReadAsync(container.Stdio, request.Limits.OutputBytes, outputEnd.Token);
            var input = WriteStdinAsync(container.Stdio, request.Stdin ?? [], cancellationToken);

            var timedOut = await WaitOrKillAsync(container.Id, request.Timeout, cancellationToken).ConfigureAwait(false);
            outputEnd.CancelAfter(OutputCapture.DrainTimeout);
            var captured = await output.ConfigureAwait(false);
            await input.ConfigureAwait(false);
            return await CollectAsync(container.Id, captured, timedOut, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await RemoveAsync(container).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _podman?.Dispose();
    }

    private AttachedContainer Build(ContainerRequest request, IReadOnlyList<Mount> files) =>
        new AttachedContainerBuilder(request.Image, _client)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithEntrypoint([.. Launch.Command(request)])
            .WithLabel(_janitor.Labels)
            .WithEnvironment(request.Environment)
            .WithCleanUp(false)
            .WithLogger(NullLogger.Instance)
            .WithCreateParameterModifier(parameters =>
            {
                Harden(parameters, request, files);
                _podman?.Apply(parameters);
            })
            .Build();

    /// <summary>The hardening every container of a request gets, as the engine is asked for it; the runc runner takes its spec from a container made so.</summary>
    internal static void Harden(CreateContainerParameters parameters, ContainerRequest request, IReadOnlyList<Mount> files)
    {
        var limits = request.Limits;
        parameters.Platform = request.Platform.Name;
        parameters.NetworkDisabled = true;
        parameters.OpenStdin = true;
        parameters.StdinOnce = true;
        parameters.AttachStdin = true;

        var host = parameters.HostConfig ??= new HostConfig();
        host.NetworkMode = "none";
        host.CapDrop = ["ALL"];
        host.SecurityOpt = ["no-new-privileges"];
        host.PidsLimit = limits.Processes;
        host.Memory = limits.MemoryBytes;
        host.MemorySwap = limits.MemoryBytes;
        host.NanoCPUs = (long)(limits.Cpus * 1_000_000_000);
        host.ReadonlyRootfs = limits.Root == RootFileSystem.ReadOnly;
        host.Mounts = [.. files];
        var scratch = string.Create(CultureInfo.InvariantCulture, $"rw,nosuid,nodev,size={limits.ScratchBytes},mode=1777");
        host.Tmpfs = limits.Writable.ToDictionary(directory => directory, _ => scratch, StringComparer.Ordinal);
        host.ShmSize = limits.ScratchBytes;
        host.Ulimits = [new Ulimit { Name = "nofile", Soft = limits.OpenFiles, Hard = limits.OpenFiles }];
        // The harness reads the output through the attached streams; an engine log would only fill the disk.
        host.LogConfig = new LogConfig { Type = "none" };
    }

    private static async Task WriteStdinAsync(MultiplexedStream stdio, byte[] stdin, CancellationToken cancellationToken)
    {
        try
        {
            await stdio.WriteAsync(stdin, 0, stdin.Length, cancellationToken).ConfigureAwait(false);
            stdio.CloseWrite();
        }
        catch (IOException)
        {
            // The program ended before reading all its input: nothing is lost, its result is collected as usual.
        }
    }

    /// <returns>True when the program outlived its timeout and was killed.</returns>
    private async Task<bool> WaitOrKillAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _client.Containers.WaitContainerAsync(id, deadline.Token).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // SIGKILL, not a stop: the program is PID 1, which ignores signals it has no handler for.
                await _client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "KILL" }, CancellationToken.None)
                    .ConfigureAwait(false);
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // It ended by itself at the deadline, between the wait giving up and the kill: not a timeout.
                return false;
            }

            await _client.Containers.WaitContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private async Task<ContainerResult> CollectAsync(
        string id, OutputCapture output, bool timedOut, CancellationToken cancellationToken)
    {
        var state = await StateAsync(id, cancellationToken).ConfigureAwait(false);
        var outOfMemory = state.OOMKilled
                          || (!timedOut && state.ExitCode == KilledStatus && await HadOutOfMemoryEventAsync(id, state, cancellationToken).ConfigureAwait(false));

        return new ContainerResult
        {
            ContainerId = id,
            ExitCode = (int)state.ExitCode,
            Stdout = output.Stdout,
            Stderr = output.Stderr,
            StdoutTruncated = output.StdoutTruncated,
            StderrTruncated = output.StderrTruncated,
            TimedOut = timedOut,
            OutOfMemory = outOfMemory,
            Duration = Elapsed(state),
        };
    }

    /// <summary>Whether the engine logged an <c>oom</c> event of the container between its start and shortly after its exit.</summary>
    private async Task<bool> HadOutOfMemoryEventAsync(string id, State state, CancellationToken cancellationToken)
    {
        var (started, finished) = (Timestamp(state.StartedAt), Timestamp(state.FinishedAt));
        if (started is null || finished is null)
        {
            return false;
        }

        var events = new EventCounter();
        // With an end time the engine replays its log and ends the stream there, waiting for it if it is ahead.
        await _client.System.MonitorEventsAsync(
            new ContainerEventsParameters
            {
                Since = UnixSeconds(started.Value),
                Until = UnixSeconds(finished.Value + OutOfMemoryEventGrace),
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["container"] = new Dictionary<string, bool> { [id] = true },
                    ["event"] = new Dictionary<string, bool> { ["oom"] = true },
                },
            },
            events,
            cancellationToken).ConfigureAwait(false);
        return events.Count > 0 || (await StateAsync(id, cancellationToken).ConfigureAwait(false)).OOMKilled;
    }

    private static string UnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    private async Task<State> StateAsync(string id, CancellationToken cancellationToken)
    {
        var inspect = await _client.Containers.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        return inspect.State ?? throw new InvalidOperationException($"The engine reported no state for container {id}.");
    }

    private static TimeSpan Elapsed(State state) =>
        (Timestamp(state.StartedAt), Timestamp(state.FinishedAt)) is ({ } started, { } finished) && finished >= started
            ? finished - started
            : TimeSpan.Zero;

    private static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private async Task RemoveAsync(IContainer container)
    {
        // Testcontainers has no id to give when creation itself failed: then there is nothing to remove.
        var id = container.State == TestcontainersStates.Undefined ? null : container.Id;
        await container.DisposeAsync().ConfigureAwait(false);
        if (id is null)
        {
            return;
        }

        await _client.Containers.RemoveIfPresentAsync(id).ConfigureAwait(false);
    }

    /// <summary>Counts the events the engine streams, as they come (<see cref="Progress{T}"/> would count later).</summary>
    private sealed class EventCounter : IProgress<Message>
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Report(Message value) => Interlocked.Increment(ref _count);
    }
}
