using DeployMatrix.Predictions;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Snapshots;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// Every cell of the matrix, run in a real container, matches its reviewed snapshot and the prediction made from the
/// binary and the image alone: one test per cell, named <c>binary/case @ target/platform</c>. A cell whose run was
/// inconclusive under emulation is skipped, naming the machine that can decide it.
/// </summary>
public sealed class DefaultMatrixSpecs(ContainerHarness harness)
{
    public static IEnumerable<TheoryDataRow<string>> Cells =>
        MatrixSession.Definition.Cells().Select(cell => new TheoryDataRow<string>(cell.Name) { TestDisplayName = cell.Name, Label = "" });

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell_matches_its_snapshot(string cell)
    {
        var result = await harness.Matrix.ResultAsync(cell);
        if (result.Explanation.Agreement == Agreement.Inconclusive)
        {
            Assert.Skip($"{result.Verdict.Text}: {result.Explanation.AgreementNote}; {string.Join("; ", result.Explanation.Remedies)}");
        }

        var definition = MatrixSession.Definition;
        SnapshotAssertion.Matches(
            new SnapshotStore(definition.SnapshotDirectory),
            result.Cell,
            CellSnapshot.Render(result, definition.Directory));
        Assert.True(
            result.Explanation.Agreement != Agreement.Disagrees,
            $"The prediction and the run disagree, and nothing explains why: {result.Explanation.AgreementNote}");
    }
}
