using Docker.DotNet;
using Docker.DotNet.Models;

namespace DeployMatrix.Engine;

/// <summary>
/// Removes the containers and volumes of one harness session on every exit path: disposal, and process exit for
/// front ends that do not dispose (a test host ending). Signals are the front end's to turn into cancellation: a
/// sweep racing the runs it interrupts would meet half-made containers. On start it also removes what earlier sessions on this host left behind when they were
/// killed outright (SIGKILL leaves no chance to clean up), recognised by an owner process that is no longer alive.
/// </summary>
internal sealed class ContainerJanitor : IAsyncDisposable
{
    private static readonly TimeSpan ExitCleanupBudget = TimeSpan.FromSeconds(15);

    private readonly DockerClient _client;
    private int _cleaned;

    private ContainerJanitor(DockerClient client)
    {
        _client = client;
        Labels = new Dictionary<string, string>
        {
            [ContainerLabels.Project] = "true",
            [ContainerLabels.Session] = SessionId.ToString("N"),
            [ContainerLabels.OwnerProcess] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ContainerLabels.OwnerHost] = Environment.MachineName,
            [ContainerLabels.Run] = Environment.GetEnvironmentVariable(ContainerLabels.RunEnvironmentVariable) ?? "",
        };
    }

    public Guid SessionId { get; } = Guid.NewGuid();

    /// <summary>True once the session is cleaning up for good: no new container may be started.</summary>
    public bool IsClosing => Volatile.Read(ref _cleaned) == 1;

    /// <summary>The labels every container of this session must carry.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    public static async Task<ContainerJanitor> StartAsync(DockerEngine engine, CancellationToken cancellationToken = default)
    {
        var janitor = new ContainerJanitor(engine.CreateClient());
        janitor.RemovedAtStart = await janitor.RemoveAsync(IsLeftoverOfDeadSession, cancellationToken).ConfigureAwait(false);
        janitor.HookProcessExit();
        return janitor;
    }

    /// <summary>What the janitor found and removed of dead sessions when it started.</summary>
    public Leftovers RemovedAtStart { get; private set; } = new(0, 0);

    /// <summary>Removes every container and volume this session created that still exists.</summary>
    public Task<Leftovers> RemoveSessionContainersAsync(CancellationToken cancellationToken = default) =>
        RemoveAsync(labels => labels.TryGetValue(ContainerLabels.Session, out var s) && s == Labels[ContainerLabels.Session], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            await CleanUpOnceAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (EngineFaults.IsEngineGone(e))
        {
            // The run already ends for the engine's loss, and says so; what it leaves, the next run removes.
        }
        finally
        {
            _client.Dispose();
        }
    }

    private static bool IsLeftoverOfDeadSession(IDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(ContainerLabels.OwnerHost, out var host) || host != Environment.MachineName)
        {
            return false;
        }

        return labels.TryGetValue(ContainerLabels.OwnerProcess, out var pid)
               && int.TryParse(pid, out var processId)
               && !LiveProcesses.IsAlive(processId);
    }

    /// <summary>Removes the project's containers, then its volumes (which containers may still hold), whose labels are selected.</summary>
    private async Task<Leftovers> RemoveAsync(Func<IDictionary<string, string>, bool> select, CancellationToken cancellationToken)
    {
        var projectOnly = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [ContainerLabels.Project] = true },
        };
        var containers = (await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = projectOnly }, cancellationToken)
            .ConfigureAwait(false)).Where(c => select(c.Labels)).ToList();
        await Task.WhenAll(containers.Select(c => _client.Containers.RemoveIfPresentAsync(c.ID, cancellationToken))).ConfigureAwait(false);

        var volumes = (await _client.Volumes.ListAsync(new VolumesListParameters { Filters = projectOnly }, cancellationToken).ConfigureAwait(false))
            .Volumes?.Where(v => v.Labels is not null && select(v.Labels)).ToList() ?? [];
        await Task.WhenAll(volumes.Select(v => _client.Volumes.RemoveIfPresentAsync(v.Name, cancellationToken))).ConfigureAwait(false);
        return new Leftovers(containers.Count, volumes.Count);
    }

    private void HookProcessExit() => AppDomain.CurrentDomain.ProcessExit += OnProcessExit;

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // Exit hooks are synchronous and the process ends right after them: bound the wait, and never throw from
        // here (an exception would turn an orderly exit into an abort). A second sweep catches containers whose
        // creation was already under way when the first one listed them.
        try
        {
            if (CleanUpOnceAsync().Wait(ExitCleanupBudget))
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
                RemoveSessionContainersAsync().Wait(ExitCleanupBudget);
            }
        }
        catch (Exception failure) when (failure is AggregateException or ObjectDisposedException)
        {
            Console.Error.WriteLine(
                $"DeployMatrix: could not remove this session's containers on exit ({failure.GetBaseException().Message}); the next run removes them.");
        }
    }

    private Task CleanUpOnceAsync() =>
        Interlocked.Exchange(ref _cleaned, 1) == 0 ? RemoveSessionContainersAsync() : Task.CompletedTask;

    /// <summary>How many containers and volumes a sweep removed.</summary>
    public sealed record Leftovers(int Containers, int Volumes)
    {
        public bool Any => Containers + Volumes > 0;

        public override string ToString() => $"{Containers} container{(Containers == 1 ? "" : "s")} and {Volumes} volume{(Volumes == 1 ? "" : "s")}";
    }
}
