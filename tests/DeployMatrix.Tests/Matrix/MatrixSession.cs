using DeployMatrix.Matrix;
using DeployMatrix.Predictions;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Snapshots;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// A matrix under test, run once per test run in a harness session. The first cell asked for starts them all, so
/// cells run in parallel up to the matrix's limit while xunit reports them one test each.
/// </summary>
public sealed class MatrixSession(HarnessSession session, MatrixDefinition definition)
{
    private readonly Lazy<Task<IReadOnlyDictionary<string, Task<CellResult>>>> _results = new(() => StartAllAsync(session, definition));

    /// <summary>The default matrix: matrix.yaml unless DEPLOYMATRIX_MATRIX names another; DEPLOYMATRIX_FILTER__* narrow it.</summary>
    public static MatrixDefinition Definition { get; } = Load();

    public MatrixDefinition Matrix => definition;

    /// <summary>A matrix of the repository as the tests read it: <paramref name="file"/>, else the default one.</summary>
    public static MatrixDefinition Load(string? file = null) => MatrixReader.Load(HarnessAssets.Locate().Root, [], file);

    /// <summary>One theory row per cell, named <c>binary/case @ target/platform</c>.</summary>
    public static IEnumerable<TheoryDataRow<string>> Rows(MatrixDefinition matrix) =>
        matrix.Cells().Select(cell => new TheoryDataRow<string>(cell.Name) { TestDisplayName = cell.Name, Label = "" });

    public async Task<CellResult> ResultAsync(string cellName)
    {
        var results = await _results.Value;
        return await results[cellName];
    }

    /// <summary>Every cell's result, once all have run.</summary>
    public async Task<IReadOnlyList<CellResult>> AllAsync() => await Task.WhenAll((await _results.Value).Values);

    /// <summary>
    /// The cell matches its reviewed snapshot and the prediction made from the binary and the image alone; a cell
    /// whose run was inconclusive under emulation is skipped, naming the machine that can decide it.
    /// </summary>
    public async Task AssertMatchesSnapshotAsync(string cellName)
    {
        var result = await ResultAsync(cellName);
        if (result.Explanation.Agreement == Agreement.Inconclusive)
        {
            Assert.Skip($"{result.Verdict.Text}: {result.Explanation.AgreementNote}; {string.Join("; ", result.Explanation.Remedies)}");
        }

        SnapshotAssertion.Matches(
            new SnapshotStore(definition.SnapshotDirectory),
            result.Cell,
            CellSnapshot.Render(result, definition.Directory));
        Assert.True(
            result.Explanation.Agreement != Agreement.Disagrees,
            $"The prediction and the run disagree, and nothing explains why: {result.Explanation.AgreementNote}");
    }

    private static async Task<IReadOnlyDictionary<string, Task<CellResult>>> StartAllAsync(HarnessSession session, MatrixDefinition matrix)
    {
        var runner = await session.PrepareAsync(matrix);
        return matrix.Cells().ToDictionary(c => c.Name, c => runner.RunAsync(c));
    }
}
