using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Engine;

namespace DeployMatrix.Tests.Hostile;

/// <summary>
/// Watches the host while the hostile programs run, every few milliseconds: which of their processes it can see
/// (proof that the scan for leftovers would see them), which network interfaces exist, and how the engine was told
/// to run each container of the session.
/// </summary>
internal sealed class HostWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _programsSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _interfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerInspectResponse> _containers = new(StringComparer.Ordinal);
    private readonly Task _loop;

    private HostWatch(DockerClient client, string session, IReadOnlySet<string> programs) =>
        _loop = Task.Run(() => LoopAsync(client, session, programs));

    /// <summary>The programs seen running on the host, by path.</summary>
    public IReadOnlySet<string> ProgramsSeen => _programsSeen;

    /// <summary>Every network interface the host had at some moment of the run.</summary>
    public IReadOnlySet<string> Interfaces => _interfaces;

    /// <summary>Each container of the session it saw, as the engine described it, by id.</summary>
    public IReadOnlyDictionary<string, ContainerInspectResponse> Containers => _containers;

    /// <param name="client">The engine's client.</param>
    /// <param name="session">The session whose containers are watched (<see cref="ContainerLabels.Session"/>).</param>
    /// <param name="programs">The programs' paths as they run.</param>
    public static HostWatch Start(DockerClient client, string session, IReadOnlySet<string> programs) => new(client, session, programs);

    /// <summary>Stops watching, once the last sample is in.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync(DockerClient client, string session, IReadOnlySet<string> programs)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Session}={session}"] = true },
        };
        while (!_stop.IsCancellationRequested)
        {
            foreach (var process in HostState.ProcessesRunning(programs))
            {
                _programsSeen.Add(process.Split(' ', 2)[1]);
            }

            _interfaces.UnionWith(HostState.Network());
            var running = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, CancellationToken.None);
            foreach (var container in running.Where(c => !_containers.ContainsKey(c.ID)))
            {
                try
                {
                    _containers[container.ID] = await client.Containers.InspectContainerAsync(container.ID, CancellationToken.None);
                }
                catch (DockerContainerNotFoundException)
                {
                    // Removed between the list and the inspection: the next one is seen in time.
                }
            }

            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
