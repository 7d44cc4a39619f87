using DeployMatrix.Pipeline;
using DeployMatrix.Xunit;
using DeployMatrix.Containers;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Running;
using DeployMatrix.Tests.Matrix;
using Docker.DotNet.Models;

namespace DeployMatrix.Tests.Hostile;

/// <summary>
/// The hostile matrix (matrices/hostile.yaml), run once per test run and runtime in a harness session of its own, so
/// that what it leaves is told apart from the other specs' containers. The host is measured before the run and after
/// the session has ended, and watched while it runs. The runs of the two runtimes take turns: each must find the
/// host as the other left it.
/// </summary>
internal sealed class HostileRun(HarnessAssets assets, ContainerRuntime runtime)
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private readonly Lazy<Task<HostileOutcome>> _outcome = new(() => RunOneAtATimeAsync(assets, runtime));

    public static MatrixDefinition Definition { get; } = RepositoryMatrices.Load("matrices/hostile.yaml");

    /// <summary>
    /// Cases (<c>binary/case</c>) that write to the root file system outside the scratch without end, with why the
    /// engine runtime does not run them: its writable layer has no bound on overlay2, so such a program would fill the engine's disk until its
    /// timeout (README.md, "How a binary is run").
    /// </summary>
    public static IReadOnlyDictionary<string, string> NotUnderDocker { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fill-disk/root"] = "the engine does not bound a container's writable layer on overlay2: this program would fill the engine's disk until its timeout",
    };

    /// <summary>The programs' paths as they run in their containers: <c>/app/fork-bomb</c>.</summary>
    public static IReadOnlySet<string> Programs { get; } = Definition.Cells().Select(cell => cell.ProgramPath).ToHashSet(StringComparer.Ordinal);

    /// <summary>The run's outcome; the first call starts it.</summary>
    public Task<HostileOutcome> OutcomeAsync() => _outcome.Value;

    /// <summary>The hostile matrix as one runtime runs it: the engine without the cells it cannot bound.</summary>
    private static MatrixDefinition ForRuntime(ContainerRuntime runtime)
    {
        var binaries = runtime == ContainerRuntime.Docker
            ? Definition.Binaries.Select(binary => binary with { Cases = [.. binary.Cases.Where(c => !NotUnderDocker.ContainsKey($"{binary.Name}/{c.Name}"))] }).ToList()
            : Definition.Binaries;
        return Definition with { Binaries = binaries, Runner = Definition.Runner with { Runtime = runtime } };
    }

    private static async Task<HostileOutcome> RunOneAtATimeAsync(HarnessAssets assets, ContainerRuntime runtime)
    {
        await OneAtATime.WaitAsync();
        try
        {
            return await RunAsync(assets, runtime);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private static async Task<HostileOutcome> RunAsync(HarnessAssets assets, ContainerRuntime runtime)
    {
        var before = HostState.Measure(Programs);
        var session = await HarnessSession.StartAsync(assets.Linux32Launcher);
        using var client = session.Engine.CreateClient();
        var label = $"{ContainerLabels.Session}={session.Janitor.Labels[ContainerLabels.Session]}";
        var matrix = new MatrixRun(session, ForRuntime(runtime));
        var (runcBundles, runcPrefix) = runtime switch
        {
            ContainerRuntime.Runc => (session.Runc.SessionDirectory, session.Runc.ContainerPrefix),
            ContainerRuntime.Bubblewrap => (session.Bubblewrap.SessionDirectory, session.Bubblewrap.ContainerPrefix),
            _ => (null, null),
        };
        HostileOutcome.Watched watched;
        try
        {
            var watch = HostWatch.Start(client, session.Janitor.Labels[ContainerLabels.Session], runcBundles, Programs);
            try
            {
                await matrix.AllAsync();
            }
            finally
            {
                await watch.DisposeAsync();
            }

            watched = new HostileOutcome.Watched(watch.ProgramsSeen, watch.Interfaces, watch.Containers, watch.RuncSpecs);
        }
        finally
        {
            await session.DisposeAsync();
        }

        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter });
        var volumes = await client.Volumes.ListAsync(new VolumesListParameters { Filters = filter });
        var runcLeft = runcPrefix is null || !Directory.Exists(RuncSession.RuncRoot)
            ? []
            : Directory.EnumerateDirectories(RuncSession.RuncRoot, runcPrefix + "*").Select(Path.GetFileName).ToList();
        if (runcBundles is not null && Directory.Exists(runcBundles))
        {
            runcLeft.Add(runcBundles);
        }

        return new HostileOutcome(
            matrix, before, watched, HostState.Measure(Programs),
            [.. containers.Select(c => c.ID), .. runcLeft!], [.. (volumes.Volumes ?? []).Select(v => v.Name)]);
    }
}
