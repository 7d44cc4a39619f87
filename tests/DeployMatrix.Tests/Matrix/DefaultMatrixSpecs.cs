namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// Every cell of the matrix, run in a real container, matches its reviewed snapshot and the prediction made from the
/// binary and the image alone: one test per cell, named <c>binary/case @ target/platform</c>. A cell whose run was
/// inconclusive under emulation is skipped, naming the machine that can decide it.
/// </summary>
public sealed class DefaultMatrixSpecs(ContainerHarness harness)
{
    public static IEnumerable<TheoryDataRow<string>> Cells => MatrixSession.Rows(MatrixSession.Definition);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Cell_matches_its_snapshot(string cell) => harness.Matrix.AssertMatchesSnapshotAsync(cell);
}
