using System.Diagnostics;
using System.Text.Json.Nodes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.Runc;

/// <summary>
/// Runs each program in a fresh container made from a bundle of <see cref="BundleFactory"/>: the run itself (stdin,
/// output, timeout, kill, removal) is the same whichever runtime starts the bundle; each runtime says how it starts,
/// kills and removes a container, and how it tells that it could not start one.
/// </summary>
internal abstract class BundleContainerRunner(BundleFactory bundles) : IContainerRunner
{
    /// <summary>How long the runtime may take to set a container up, beyond the program's own timeout, before it is killed.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(1);

    /// <summary>How often the runtime is asked whether the program started: once started, the exit is awaited, not polled.</summary>
    private static readonly TimeSpan StartPoll = TimeSpan.FromMilliseconds(5);

    public abstract ContainerRuntime Runtime { get; }

    /// <summary>Where this session's bundles are, each container's config.json among them.</summary>
    public string SessionDirectory => bundles.Session.Directory;

    /// <summary>How this session's container ids start.</summary>
    public string ContainerPrefix => bundles.Session.Prefix;

    /// <summary>
    /// Takes the engine's spec for <paramref name="limits"/> and checks that every image can be run, so that a matrix
    /// learns before any cell runs whether this runtime can run it.
    /// </summary>
    /// <exception cref="DeployMatrixException">Why it cannot (<see cref="RuncUnavailableException"/> and the like).</exception>
    public virtual async Task PrepareAsync(ContainerLimits limits, IReadOnlyList<(string Image, Platform Platform)> images, CancellationToken cancellationToken) =>
        await bundles.PrepareAsync(limits, images, cancellationToken).ConfigureAwait(false);

    public async Task<ContainerResult> RunAsync(ContainerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (bundles.IsClosing)
        {
            throw new OperationCanceledException("The session is shutting down: no new container is started.");
        }

        var (bundle, spec) = await bundles.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        using var owned = bundle;
        var clock = Stopwatch.StartNew();
        using var process = bundles.Session.StartRun(bundle, started => Start(started, spec));
        try
        {
            using var outputEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var output = OutputCapture.ReadAsync(
                process.StandardOutput.BaseStream, process.StandardError.BaseStream, request.Limits.OutputBytes, outputEnd.Token);
            var input = ProgramInput.WriteAsync(process.StandardInput.BaseStream, request.Stdin ?? []);

            var timedOut = await WaitOrKillAsync(process, bundle, request.Timeout, cancellationToken).ConfigureAwait(false);
            var duration = clock.Elapsed;
            outputEnd.CancelAfter(OutputCapture.DrainTimeout);
            var captured = await output.ConfigureAwait(false);
            await input.ConfigureAwait(false);
            // A kill at the deadline can land while the runtime is still starting the program (a loaded host, an
            // emulated platform): what it then says is the timeout's doing, not a start error.
            if (!timedOut && StartError(bundle, process.ExitCode, captured) is { } startError)
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
                NotGiven = NotGiven,
            };
        }
        finally
        {
            if (!process.HasExited)
            {
                await KillAsync(bundle).ConfigureAwait(false);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            RemoveEnded(bundle);
            bundles.Session.Ended(bundle.Id);
        }
    }

    /// <summary>The session's bundles are the harness session's to remove, not one runner's.</summary>
    public void Dispose()
    {
    }

    /// <summary>What this runner's containers lack of the engine's, or null (<see cref="ContainerResult.NotGiven"/>).</summary>
    public virtual string? NotGiven => null;

    /// <summary>Starts the runtime on the bundle, stdio piped, in a session of its own: Ctrl-C goes to the harness, which stops its containers itself.</summary>
    protected abstract Process Start(RuncBundle bundle, JsonObject spec);

    /// <summary>Whether the runtime has let the program start; until then, it is still setting the container up.</summary>
    protected abstract bool ProgramStarted(RuncBundle bundle);

    /// <summary>Sends SIGKILL to the container's processes; false when it had ended already.</summary>
    protected abstract Task<bool> KillAsync(RuncBundle bundle);

    /// <summary>Why the runtime could not start the container, from what it left or printed; null when it started.</summary>
    protected abstract string? StartError(RuncBundle bundle, int exitCode, OutputCapture output);

    /// <summary>Removes what the runtime keeps of a container whose run has returned (its cgroups, its state).</summary>
    protected abstract void RemoveEnded(RuncBundle bundle);

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
            var killed = await KillAsync(bundle).ConfigureAwait(false);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return killed;
        }
    }

    /// <summary>Returns once the runtime has started the program, or has ended without doing so.</summary>
    private async Task WaitForStartAsync(Process process, RuncBundle bundle, CancellationToken cancellationToken)
    {
        var exited = process.WaitForExitAsync(cancellationToken);
        while (!ProgramStarted(bundle) && !exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(StartPoll, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
