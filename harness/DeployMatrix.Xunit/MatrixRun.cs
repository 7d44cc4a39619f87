using DeployMatrix.Matrix;
using DeployMatrix.Predictions;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;
using Xunit;

namespace DeployMatrix.Xunit;

/// <summary>
/// A matrix run once per test run in a harness session. The first cell asked for starts them all, so cells run in
/// parallel up to the matrix's limit while xunit reports them one test each. Disposed when the run ends, after its
/// cells: that keeps their durations, so the next run starts the longest first.
/// </summary>
internal sealed class MatrixRun : IAsyncDisposable
{
    private readonly Lazy<Task<(MatrixRunner Runner, IReadOnlyDictionary<string, Task<CellResult>> Results)>> _started;

    /// <summary>A run of <paramref name="matrix"/> in <paramref name="session"/>; nothing starts before a cell is asked for.</summary>
    public MatrixRun(HarnessSession session, MatrixDefinition matrix)
    {
        Matrix = matrix;
        _started = new(() => StartAllAsync(session, matrix));
    }

    /// <summary>The matrix this run runs.</summary>
    public MatrixDefinition Matrix { get; }

    /// <summary>The result of the cell named <paramref name="cellName"/>, once it has run.</summary>
    public async Task<CellResult> ResultAsync(string cellName)
    {
        var (_, results) = await _started.Value.ConfigureAwait(false);
        return results.TryGetValue(cellName, out var result)
            ? await result.ConfigureAwait(false)
            : throw new DeployMatrixException($"{Matrix.File}: no cell '{cellName}'; its cells are named binary/case @ target/platform (deploymatrix predict lists them)");
    }

    /// <summary>Every cell's result, once all have run.</summary>
    public async Task<IReadOnlyList<CellResult>> AllAsync() => await Task.WhenAll((await _started.Value.ConfigureAwait(false)).Results.Values).ConfigureAwait(false);

    /// <summary>The order the cells were started in: the longest when they last ran first.</summary>
    public async Task<IReadOnlyList<string>> StartOrderAsync() => [.. (await _started.Value.ConfigureAwait(false)).Results.Keys];

    /// <summary>Waits for the cells still running, then disposes the runner, which saves their durations.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_started.IsValueCreated)
        {
            return;
        }

        try
        {
            var (runner, results) = await _started.Value.ConfigureAwait(false);
            try
            {
                await Task.WhenAll(results.Values).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DeployMatrixException or OperationCanceledException)
            {
                // The cells that failed said so in their own tests; what they took is not kept.
            }
            finally
            {
                runner.Dispose();
            }
        }
        catch (Exception e) when (e is DeployMatrixException or OperationCanceledException)
        {
            // The run never started (a missing image, an engine gone): its tests said why, and nothing is to be kept.
        }
    }

    /// <summary>
    /// The cell matches its reviewed snapshot (by the rule of <see cref="SnapshotPolicy"/>) and the prediction made
    /// from the binary and the image alone. A cell whose run was inconclusive under emulation is skipped, naming the
    /// machine that can decide it.
    /// </summary>
    public async Task AssertMatchesSnapshotAsync(string cellName)
    {
        var result = await ResultAsync(cellName).ConfigureAwait(false);
        var comparison = new SnapshotStore(Matrix.SnapshotDirectory).Compare(result, Matrix.Directory);
        if (comparison.State == SnapshotState.NotCompared)
        {
            Assert.Skip($"{result.Verdict.Text}: {result.Explanation.AgreementNote}; {string.Join("; ", result.Explanation.Remedies)}");
        }

        SnapshotAssert.Reviewed(SnapshotReview.Of(comparison, Matrix, result.Cell, SnapshotPolicy.FromEnvironment()));

        Assert.True(
            result.Explanation.Agreement != Agreement.Disagrees,
            $"The prediction and the run disagree, and nothing explains why: {result.Explanation.AgreementNote}");
    }

    /// <summary>
    /// The build's distribution table (where it runs, by distribution family, from recorded facts; no container)
    /// matches its snapshot, by the rule of <see cref="SnapshotPolicy"/>.
    /// </summary>
    public void AssertDistributionsMatchSnapshot(string buildName)
    {
        var build = Matrix.Builds().FirstOrDefault(b => b.Name == buildName)
                    ?? throw new DeployMatrixException($"{Matrix.File}: no build '{buildName}'; builds are named binary @ platform (distributions)");
        var (_, comparison) = DistributionSnapshot.Compare(Matrix, build);
        SnapshotAssert.Reviewed(SnapshotReview.Of(comparison, Matrix, build, SnapshotPolicy.FromEnvironment()));
    }

    private static async Task<(MatrixRunner, IReadOnlyDictionary<string, Task<CellResult>>)> StartAllAsync(HarnessSession session, MatrixDefinition matrix)
    {
        var runner = await session.PrepareAsync(matrix).ConfigureAwait(false);
        IReadOnlyDictionary<string, Task<CellResult>> results = runner.StartOrder(matrix.Cells()).ToDictionary(c => c.Name, c => runner.RunAsync(c), StringComparer.Ordinal);
        return (runner, results);
    }
}
