using DeployMatrix.Containers;
using DeployMatrix.Pipeline;
using DeployMatrix.Running;
using DeployMatrix.Xunit;

[assembly: AssemblyFixture(typeof(DeployMatrix.Tests.ContainerHarness))]

namespace DeployMatrix.Tests;

/// <summary>
/// One harness session for the whole test run: the engine connection, a janitor that removes the run's containers
/// however the run ends, the container runner, the matrix under test, the hostile matrix and the other matrices of
/// matrices/ that specs run.
/// </summary>
public sealed class ContainerHarness : IAsyncLifetime
{
    private readonly Dictionary<string, Hostile.HostileRun> _hostile;
    private HarnessSession? _session;

    public ContainerHarness()
    {
        _hostile = new Dictionary<string, Hostile.HostileRun>(StringComparer.Ordinal)
        {
            ["docker"] = new(Assets, ContainerRuntime.Docker),
            ["runc"] = new(Assets, ContainerRuntime.Runc),
            ["bubblewrap"] = new(Assets, ContainerRuntime.Bubblewrap),
        };
    }

    internal HarnessAssets Assets { get; } = HarnessAssets.Locate();

    internal HarnessSession Session => _session ?? throw new InvalidOperationException("The harness is not initialised.");

    internal DockerContainerRunner Runner => Session.Containers;

    /// <summary>The runner of a runtime by name, <c>docker</c>, <c>runc</c> or <c>bubblewrap</c>; the last two fail with why they cannot work here.</summary>
    internal IContainerRunner RunnerFor(string runtime) => runtime switch
    {
        "docker" => Session.Containers,
        "runc" => Session.Runc,
        "bubblewrap" => Session.Bubblewrap,
        _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, "docker, runc or bubblewrap"),
    };

    /// <summary>The hostile matrix under a runtime (<c>docker</c>, <c>runc</c> or <c>bubblewrap</c>), run in a session of its own and started on first use.</summary>
    internal Hostile.HostileRun Hostile(string runtime) => _hostile[runtime];

    /// <summary>The matrix under test, started on first use.</summary>
    internal MatrixRun Matrix { get; private set; } = null!;

    /// <summary>matrices/read-only-root.yaml, started on first use.</summary>
    internal MatrixRun ReadOnlyRoot { get; private set; } = null!;

    /// <summary>matrices/third-party.yaml, started on first use.</summary>
    internal MatrixRun ThirdParty { get; private set; } = null!;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, MatrixRun> _stories = new(StringComparer.Ordinal);

    /// <summary>The matrix of a story under examples/stories/ (relative to the repository), started on first use.</summary>
    internal MatrixRun Story(string matrixFile) =>
        _stories.GetOrAdd(matrixFile, file => new MatrixRun(Session, Tests.Matrix.RepositoryMatrices.Load(file)));

    public async ValueTask InitializeAsync()
    {
        _session = await HarnessSession.StartAsync(Assets.Linux32Launcher, cancellationToken: TestContext.Current.CancellationToken);
        Matrix = new MatrixRun(_session, Tests.Matrix.RepositoryMatrices.Default);
        ReadOnlyRoot = new MatrixRun(_session, Tests.Matrix.RepositoryMatrices.Load("matrices/read-only-root.yaml"));
        ThirdParty = new MatrixRun(_session, Tests.Matrix.RepositoryMatrices.Load("matrices/third-party.yaml"));
    }

    public async ValueTask DisposeAsync()
    {
        // Before the session: each run waits for its cells and keeps their durations.
        foreach (var run in new[] { Matrix, ReadOnlyRoot, ThirdParty }.Concat(_stories.Values).Where(run => run is not null))
        {
            await run.DisposeAsync();
        }

        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
