using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Running;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// The matrix under test (matrix.yaml unless DEPLOYMATRIX_MATRIX names another; DEPLOYMATRIX_FILTER__* narrow it),
/// run once per test run. The first cell asked for starts them all, so cells run in parallel up to the matrix's
/// limit while xunit reports them one test each.
/// </summary>
public sealed class MatrixSession
{
    private readonly ContainerHarness _harness;
    private readonly Lazy<Task<IReadOnlyDictionary<string, Task<CellResult>>>> _results;

    public MatrixSession(ContainerHarness harness)
    {
        _harness = harness;
        _results = new Lazy<Task<IReadOnlyDictionary<string, Task<CellResult>>>>(StartAllAsync);
    }

    public static MatrixDefinition Definition { get; } = MatrixReader.Load(HarnessAssets.Locate().Root, []);

    public async Task<CellResult> ResultAsync(string cellName)
    {
        var results = await _results.Value;
        return await results[cellName];
    }

    private async Task<IReadOnlyDictionary<string, Task<CellResult>>> StartAllAsync()
    {
        var cells = Definition.Cells();
        var images = new TargetImages(_harness.Engine.CreateClient());
        await images.EnsureAsync(cells, CancellationToken.None);
        var runner = new MatrixRunner(_harness.Runner, images, Definition.Runner, OutcomeClassifier.Default);
        return cells.ToDictionary(c => c.Name, c => runner.RunAsync(c));
    }
}
