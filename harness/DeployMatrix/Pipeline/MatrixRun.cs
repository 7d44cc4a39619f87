using DeployMatrix.Matrix;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Pipeline;

/// <summary>
/// A matrix run once in a harness session, its cells judged by one rule (<see cref="Judgement"/>): what the command
/// line and the test packages both consume. Nothing starts before it is first asked for; then every cell is planned
/// once and they all start, the longest first, in parallel up to the matrix's limit. A cell is compared with its
/// snapshot (which may leave a received file) only when its judgement is asked for. Disposed after its cells: that
/// keeps their durations, so the next run starts the longest first.
/// </summary>
internal sealed class MatrixRun : IAsyncDisposable
{
    private readonly Lazy<Task<Started>> _started;
    private readonly SnapshotPolicy _policy;

    /// <summary>A run of <paramref name="matrix"/> in <paramref name="session"/>, judged by <paramref name="policy"/> (by default, this process's).</summary>
    public MatrixRun(HarnessSession session, MatrixDefinition matrix, SnapshotPolicy? policy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        Matrix = matrix ?? throw new ArgumentNullException(nameof(matrix));
        _policy = policy ?? SnapshotPolicy.FromEnvironment();
        _started = new(() => StartAllAsync(session, matrix, cancellationToken));
    }

    /// <summary>The matrix this run runs.</summary>
    public MatrixDefinition Matrix { get; }

    /// <summary>What starts the cells' containers (starting the run).</summary>
    public async Task<RuntimeChoice> RuntimeAsync() => (await _started.Value.ConfigureAwait(false)).Runner.Runtime;

    /// <summary>The result of the cell named <paramref name="cellName"/>, once it has run.</summary>
    public async Task<CellResult> ResultAsync(string cellName) => await (await CellAsync(cellName).ConfigureAwait(false)).Result.ConfigureAwait(false);

    /// <summary>The cell named <paramref name="cellName"/>, once it has run, compared with its snapshot and judged.</summary>
    public async Task<JudgedCell> JudgedAsync(string cellName) => await (await CellAsync(cellName).ConfigureAwait(false)).Judged.Value.ConfigureAwait(false);

    /// <summary>Every cell's result, once all have run.</summary>
    public async Task<IReadOnlyList<CellResult>> AllAsync() =>
        await Task.WhenAll((await _started.Value.ConfigureAwait(false)).Cells.Values.Select(c => c.Result)).ConfigureAwait(false);

    /// <summary>Every cell judged, each as soon as it has run.</summary>
    public async IAsyncEnumerable<JudgedCell> JudgedAsCompletedAsync()
    {
        var started = await _started.Value.ConfigureAwait(false);
        await foreach (var judged in Task.WhenEach(started.Cells.Values.Select(c => c.Judged.Value)).ConfigureAwait(false))
        {
            yield return await judged.ConfigureAwait(false);
        }
    }

    /// <summary>The order the cells were started in: the longest when they last ran first.</summary>
    public async Task<IReadOnlyList<string>> StartOrderAsync() => [.. (await _started.Value.ConfigureAwait(false)).Cells.Keys];

    /// <summary>The distribution table of the build named <paramref name="buildName"/>, compared with its snapshot and judged; no container runs.</summary>
    public JudgedBuild JudgedBuild(string buildName) =>
        Judge(Matrix.Builds().FirstOrDefault(b => b.Name == buildName)
              ?? throw new DeployMatrixException($"{Matrix.File}: no build '{buildName}'; builds are named binary @ platform (distributions)"));

    /// <summary>Every build's distribution table, compared and judged, in matrix order.</summary>
    public IReadOnlyList<JudgedBuild> JudgedBuilds() => [.. Matrix.Builds().Select(Judge)];

    /// <summary>Waits for the cells still running, then disposes the runner, which saves their durations.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_started.IsValueCreated)
        {
            return;
        }

        try
        {
            var started = await _started.Value.ConfigureAwait(false);
            try
            {
                await Task.WhenAll(started.Cells.Values.Select(c => c.Result)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DeployMatrixException or OperationCanceledException)
            {
                // The cells that failed said so where they were asked for; what they took is not kept.
            }
            finally
            {
                started.Runner.Dispose();
            }
        }
        catch (Exception e) when (e is DeployMatrixException or OperationCanceledException)
        {
            // The run never started (a missing image, an engine gone): whoever asked was told why, and nothing is kept.
        }
    }

    private async Task<StartedCell> CellAsync(string cellName)
    {
        var started = await _started.Value.ConfigureAwait(false);
        return started.Cells.TryGetValue(cellName, out var cell)
            ? cell
            : throw new DeployMatrixException($"{Matrix.File}: no cell '{cellName}'; its cells are named binary/case @ target/platform (deploymatrix predict lists them)");
    }

    private JudgedBuild Judge(BinaryBuild build)
    {
        var (table, comparison) = DistributionSnapshot.Compare(Matrix, build);
        return new JudgedBuild(build, table, comparison, Judgement.Of(comparison, Matrix, build, _policy));
    }

    private async Task<Started> StartAllAsync(HarnessSession session, MatrixDefinition matrix, CancellationToken cancellationToken)
    {
        var runner = await session.PrepareAsync(matrix, cancellationToken).ConfigureAwait(false);
        var store = new SnapshotStore(matrix.SnapshotDirectory);
        var cells = runner.StartAll(matrix.Cells(), cancellationToken).ToDictionary(
            run => run.Key, run => new StartedCell(run.Value, new(() => JudgeAsync(run.Value, store))), StringComparer.Ordinal);
        return new Started(runner, cells);
    }

    private async Task<JudgedCell> JudgeAsync(Task<CellResult> run, SnapshotStore store)
    {
        var result = await run.ConfigureAwait(false);
        var comparison = store.Compare(result, Matrix.Directory);
        return new JudgedCell(result, comparison, Judgement.Of(result, comparison, Matrix, _policy));
    }

    private sealed record Started(MatrixRunner Runner, IReadOnlyDictionary<string, StartedCell> Cells);

    /// <summary>A cell's run, and its judgement, made once when first asked for.</summary>
    private sealed record StartedCell(Task<CellResult> Result, Lazy<Task<JudgedCell>> Judged);
}
