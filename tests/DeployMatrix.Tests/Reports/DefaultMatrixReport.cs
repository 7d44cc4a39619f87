using DeployMatrix.Predictions;
using DeployMatrix.Reports;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// Reports of the matrix under test from its real results, as <c>deploymatrix run --reports</c> makes them, but
/// comparing with the snapshots without leaving received files (the snapshot specs own those).
/// </summary>
internal static class DefaultMatrixReport
{
    /// <param name="harness">The test run's harness, whose matrix session runs every cell once.</param>
    /// <param name="include">Which cells, by their position in the run: all when null.</param>
    public static async Task<MatrixReport> BuildAsync(ContainerHarness harness, Func<int, bool>? include = null)
    {
        var definition = RepositoryMatrices.Default;
        var store = new SnapshotStore(definition.SnapshotDirectory);
        var builder = new MatrixReportBuilder(definition, harness.Assets.Root);
        var cells = definition.Cells();
        for (var i = 0; i < cells.Count; i++)
        {
            if (include is null || include(i))
            {
                var result = await harness.Matrix.ResultAsync(cells[i].Name);
                builder.Add(result, store.Compare(result, definition.Directory, keepReceived: false));
            }
        }

        // A fixed time keeps the kept screenshot the same from run to run.
        return builder.Build(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    /// <summary>The report as if every cell matched its snapshot and prediction, whatever this checkout's state.</summary>
    public static MatrixReport Passing(MatrixReport report) =>
        report with { Cells = [.. report.Cells.Select(c => c with { Snapshot = SnapshotState.Matches, SnapshotDiff = null, Agreement = Agreement.Agrees })] };
}
