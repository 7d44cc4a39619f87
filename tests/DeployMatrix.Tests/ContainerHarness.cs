using DeployMatrix.Xunit;
using DeployMatrix.Containers;
using DeployMatrix.Running;

[assembly: AssemblyFixture(typeof(DeployMatrix.Tests.ContainerHarness))]

namespace DeployMatrix.Tests;

/// <summary>
/// One harness session for the whole test run: the engine connection, a janitor that removes the run's containers
/// however the run ends, the container runner, the matrix under test and the hostile matrix.
/// </summary>
public sealed class ContainerHarness : IAsyncLifetime
{
    private HarnessSession? _session;

    public ContainerHarness() => Hostile = new Hostile.HostileRun(Assets);

    internal HarnessAssets Assets { get; } = HarnessAssets.Locate();

    internal HarnessSession Session => _session ?? throw new InvalidOperationException("The harness is not initialised.");

    internal DockerContainerRunner Runner => Session.Containers;

    /// <summary>The hostile matrix, run in a session of its own and started on first use.</summary>
    internal Hostile.HostileRun Hostile { get; }

    /// <summary>The matrix under test, started on first use.</summary>
    internal MatrixRun Matrix { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _session = await HarnessSession.StartAsync(Assets.Linux32Launcher, cancellationToken: TestContext.Current.CancellationToken);
        Matrix = new MatrixRun(_session, Tests.Matrix.RepositoryMatrices.Default);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}
