using DeployMatrix.Engine;
using DeployMatrix.Containers;

[assembly: AssemblyFixture(typeof(DeployMatrix.Tests.ContainerHarness))]

namespace DeployMatrix.Tests;

/// <summary>
/// One engine connection, janitor and runner for the whole test run. The janitor removes the run's containers when
/// the run ends, however it ends.
/// </summary>
public sealed class ContainerHarness : IAsyncLifetime
{
    private ContainerJanitor? _janitor;
    private ContainerRunner? _runner;

    public HarnessAssets Assets { get; } = HarnessAssets.Locate();

    public DockerEngine Engine { get; private set; } = null!;

    public ContainerRunner Runner => _runner ?? throw new InvalidOperationException("The harness is not initialised.");

    /// <summary>The matrix under test, started on first use.</summary>
    public Matrix.MatrixSession Matrix { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Engine = await DockerEngine.ConnectAsync(TestContext.Current.CancellationToken);
        _janitor = await ContainerJanitor.StartAsync(Engine, TestContext.Current.CancellationToken);
        _runner = new ContainerRunner(Engine, _janitor, Assets.Linux32Launcher);
        Matrix = new Matrix.MatrixSession(this);
    }

    public async ValueTask DisposeAsync()
    {
        _runner?.Dispose();
        if (_janitor is not null)
        {
            await _janitor.DisposeAsync();
        }
    }
}
