using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// Every cell of the matrix, run in a real container, matches its reviewed snapshot and the prediction made from the
/// binary and the image alone: one test per cell, named <c>binary/case @ target/platform</c>. A cell whose run was
/// inconclusive under emulation is skipped, naming the machine that can decide it. Written as a team using the xunit
/// package writes it, with the repository's own session.
/// </summary>
public sealed class DefaultMatrixSpecs(ContainerHarness harness)
{
    [Theory]
    [MatrixCells("matrix.yaml")]
    public Task Cell_matches_its_snapshot(string cell) => harness.Matrix.AssertMatchesSnapshotAsync(cell);

    [Theory]
    [MatrixDistributions("matrix.yaml")]
    public void Builds_distribution_table_matches_its_snapshot(string build) => harness.Matrix.AssertDistributionsMatchSnapshot(build);
}
