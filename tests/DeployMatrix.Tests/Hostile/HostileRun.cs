using DeployMatrix.Xunit;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Running;
using DeployMatrix.Tests.Matrix;
using Docker.DotNet.Models;

namespace DeployMatrix.Tests.Hostile;

/// <summary>
/// The hostile matrix (matrices/hostile.yaml), run once per test run in a harness session of its own, so that what it
/// leaves in the engine is told apart from the other specs' containers. The host is measured before the run and
/// after the session has ended, and watched while it runs.
/// </summary>
internal sealed class HostileRun(HarnessAssets assets)
{
    private readonly Lazy<Task<HostileOutcome>> _outcome = new(() => RunAsync(assets));

    public static MatrixDefinition Definition { get; } = RepositoryMatrices.Load("matrices/hostile.yaml");

    /// <summary>The programs' paths as they run in their containers: <c>/app/fork-bomb</c>.</summary>
    public static IReadOnlySet<string> Programs { get; } = Definition.Cells().Select(cell => cell.ProgramPath).ToHashSet(StringComparer.Ordinal);

    /// <summary>The run's outcome; the first call starts it.</summary>
    public Task<HostileOutcome> OutcomeAsync() => _outcome.Value;

    private static async Task<HostileOutcome> RunAsync(HarnessAssets assets)
    {
        var before = HostState.Measure(Programs);
        var session = await HarnessSession.StartAsync(assets.Linux32Launcher);
        using var client = session.Engine.CreateClient();
        var label = $"{ContainerLabels.Session}={session.Janitor.Labels[ContainerLabels.Session]}";
        var matrix = new MatrixRun(session, Definition);
        HostileOutcome.Watched watched;
        try
        {
            var watch = HostWatch.Start(client, session.Janitor.Labels[ContainerLabels.Session], Programs);
            try
            {
                await matrix.AllAsync();
            }
            finally
            {
                await watch.DisposeAsync();
            }

            watched = new HostileOutcome.Watched(watch.ProgramsSeen, watch.Interfaces, watch.Containers);
        }
        finally
        {
            await session.DisposeAsync();
        }

        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter });
        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter });
        return new HostileOutcome(
            matrix, before, watched, HostState.Measure(Programs),
            [.. containers.Select(c => c.ID)], [.. (volumes.Volumes ?? []).Select(v => v.Name)]);
    }
}
