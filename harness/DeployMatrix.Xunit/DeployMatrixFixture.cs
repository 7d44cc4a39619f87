using System.Collections.Concurrent;
using DeployMatrix.Pipeline;
using DeployMatrix.Running;
using Xunit;

namespace DeployMatrix.Xunit;

/// <summary>
/// One harness session for a whole test run, shared by every test as an assembly fixture: the engine connection, the
/// janitor that removes the run's containers however the run ends, and one <see cref="MatrixRun"/> per matrix file.
/// Register it with <c>[assembly: AssemblyFixture(typeof(DeployMatrixFixture))]</c>.
/// </summary>
public sealed class DeployMatrixFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, MatrixRun> _runs = new(StringComparer.Ordinal);
    private HarnessSession? _session;

    /// <summary>The session, once the fixture is initialised.</summary>
    internal HarnessSession Session => _session ?? throw new InvalidOperationException("The DeployMatrix fixture is not initialised: register it with [assembly: AssemblyFixture(typeof(DeployMatrixFixture))].");

    /// <summary>The run of <paramref name="matrixFile"/> (found as <see cref="MatrixCellsAttribute"/> finds it), started on first use.</summary>
    internal MatrixRun Matrix(string matrixFile = "matrix.yaml")
    {
        var matrix = MatrixFiles.Load(matrixFile);
        return _runs.GetOrAdd(matrix.File, _ => new MatrixRun(Session, matrix));
    }

    /// <summary>Runs the cell (with every other cell of its matrix) and compares it with its snapshot.</summary>
    /// <param name="cellName">The cell, as <see cref="MatrixCellsAttribute"/> names it.</param>
    /// <param name="matrixFile">The matrix file the cell belongs to.</param>
    public Task AssertCellMatchesSnapshotAsync(string cellName, string matrixFile = "matrix.yaml") =>
        Matrix(matrixFile).AssertMatchesSnapshotAsync(cellName);

    /// <summary>
    /// Compares a build's distribution table (where it runs, by distribution family, predicted from recorded facts;
    /// no container) with its snapshot, under the same rule as a cell's.
    /// </summary>
    /// <param name="build">The build, as <see cref="MatrixDistributionsAttribute"/> names it.</param>
    /// <param name="matrixFile">The matrix file the build belongs to.</param>
    public void AssertDistributionsMatchSnapshot(string build, string matrixFile = "matrix.yaml") =>
        Matrix(matrixFile).AssertDistributionsMatchSnapshot(build);

    /// <inheritdoc />
    public async ValueTask InitializeAsync() =>
        _session = await HarnessSession.StartAsync(HarnessAssets.FindLinux32Launcher(), cancellationToken: TestContext.Current.CancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs.Values)
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }

        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
