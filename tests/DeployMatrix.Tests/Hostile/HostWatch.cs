using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using DeployMatrix.Engine;

namespace DeployMatrix.Tests.Hostile;

/// <summary>
/// Watches the host while the hostile programs run, every few milliseconds: which of their processes it can see
/// (proof that the scan for leftovers would see them), which network interfaces exist, and how each container of the
/// session was to run: as the engine was told, or in the spec runc was given.
/// </summary>
internal sealed class HostWatch : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _programsSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _interfaces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerInspectResponse> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject> _runcSpecs = new(StringComparer.Ordinal);
    private readonly Task _loop;

    private HostWatch(DockerClient client, string session, string? runcBundles, IReadOnlySet<string> programs) =>
        _loop = Task.Run(() => LoopAsync(client, session, runcBundles, programs));

    /// <summary>The programs seen running on the host, by path.</summary>
    public IReadOnlySet<string> ProgramsSeen => _programsSeen;

    /// <summary>Every network interface the host had at some moment of the run.</summary>
    public IReadOnlySet<string> Interfaces => _interfaces;

    /// <summary>Each container of the session it saw, as the engine described it, by id.</summary>
    public IReadOnlyDictionary<string, ContainerInspectResponse> Containers => _containers;

    /// <summary>Each runc container of the session it saw, by the spec in its bundle, by id.</summary>
    public IReadOnlyDictionary<string, JsonObject> RuncSpecs => _runcSpecs;

    /// <param name="client">The engine's client.</param>
    /// <param name="session">The session whose containers are watched (<see cref="ContainerLabels.Session"/>).</param>
    /// <param name="runcBundles">The session's runc bundles, or null when the engine runs its containers.</param>
    /// <param name="programs">The programs' paths as they run.</param>
    public static HostWatch Start(DockerClient client, string session, string? runcBundles, IReadOnlySet<string> programs) =>
        new(client, session, runcBundles, programs);

    /// <summary>Stops watching, once the last sample is in.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync(DockerClient client, string session, string? runcBundles, IReadOnlySet<string> programs)
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

            if (runcBundles is not null)
            {
                ReadRuncSpecs(runcBundles);
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

    private void ReadRuncSpecs(string bundles)
    {
        foreach (var bundle in Directory.EnumerateDirectories(bundles).Where(b => !_runcSpecs.ContainsKey(Path.GetFileName(b))))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")))?.AsObject() is { } spec)
                {
                    _runcSpecs[Path.GetFileName(bundle)] = spec;
                }
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                // Not written yet, or removed since: the next sample sees the next one.
            }
        }
    }
}
