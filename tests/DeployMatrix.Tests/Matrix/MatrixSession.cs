using DeployMatrix.Matrix;
using DeployMatrix.Running;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// The matrix under test (matrix.yaml unless DEPLOYMATRIX_MATRIX names another; DEPLOYMATRIX_FILTER__* narrow it),
/// run once per test run. The first cell asked for starts them all, so cells run in parallel up to the matrix's
/// limit while xunit reports them one test each.
/// </summary>
public sealed class MatrixSession(HarnessSession session)
{
    private readonly Lazy<Task<IReadOnlyDictionary<string, Task<CellResult>>>> _results = new(() => StartAllAsync(session));

    public static MatrixDefinition Definition { get; } = MatrixReader.Load(HarnessAssets.Locate().Root, []);

    public async Task<CellResult> ResultAsync(string cellName)
    {
        var results = await _results.Value;
        return await results[cellName];
    }

    private static async Task<IReadOnlyDictionary<string, Task<CellResult>>> StartAllAsync(HarnessSession session)
    {
        var cells = Definition.Cells();
        var runner = await session.PrepareAsync(Definition);
        return cells.ToDictionary(c => c.Name, c => runner.RunAsync(c));
    }
}
