using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DeployMatrix.Engine;

/// <summary>
/// Removes the containers of one harness session on every exit path: disposal, normal process exit, Ctrl-C, SIGTERM
/// and SIGHUP. On start it also removes what earlier sessions on this host left behind when they were killed outright
/// (SIGKILL leaves no chance to clean up), recognised by an owner process that is no longer alive.
/// </summary>
public sealed class ContainerJanitor : IAsyncDisposable
{
    private static readonly TimeSpan ExitCleanupBudget = TimeSpan.FromSeconds(15);

    private readonly DockerClient _client;
    private readonly List<PosixSignalRegistration> _signals = [];
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
        await janitor.RemoveLeftoversOfDeadSessionsAsync(cancellationToken).ConfigureAwait(false);
        janitor.HookProcessExit();
        return janitor;
    }

    /// <summary>Removes every container this session created that still exists.</summary>
    public Task RemoveSessionContainersAsync(CancellationToken cancellationToken = default) =>
        RemoveAsync(c => c.Labels.TryGetValue(ContainerLabels.Session, out var s) && s == Labels[ContainerLabels.Session],
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await CleanUpOnceAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private Task RemoveLeftoversOfDeadSessionsAsync(CancellationToken cancellationToken) =>
        RemoveAsync(c => IsLeftoverOfDeadSession(c.Labels), cancellationToken);

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

    private async Task RemoveAsync(Func<ContainerListResponse, bool> select, CancellationToken cancellationToken)
    {
        var containers = await _client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [ContainerLabels.Project] = true },
                },
            },
            cancellationToken).ConfigureAwait(false);

        await Task.WhenAll(containers.Where(select).Select(c => _client.Containers.RemoveIfPresentAsync(c.ID, cancellationToken))).ConfigureAwait(false);
    }

    private void HookProcessExit()
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            // The handler does not cancel the signal: the process still ends as the signal asks, after the clean-up.
            _signals.Add(PosixSignalRegistration.Create(signal, _ => CleanUpBeforeExit()));
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => CleanUpBeforeExit();

    private void CleanUpBeforeExit()
    {
        // Exit hooks are synchronous and the process ends right after them: bound the wait. A second sweep catches
        // containers whose creation was already under way when the first one listed them.
        if (CleanUpOnceAsync().Wait(ExitCleanupBudget))
        {
            Thread.Sleep(TimeSpan.FromSeconds(1));
            RemoveSessionContainersAsync().Wait(ExitCleanupBudget);
        }
    }

    private Task CleanUpOnceAsync() =>
        Interlocked.Exchange(ref _cleaned, 1) == 0 ? RemoveSessionContainersAsync() : Task.CompletedTask;
}
