using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Predictions;
using DeployMatrix.Running;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Matrix;

/// <summary>
/// A snapshot is a function of the binary, the case and the image: run again with the harness told that the host
/// is another (through the <c>host</c> settings), every cell of the matrix gives the same snapshot text as on this
/// host, which <see cref="DefaultMatrixSpecs"/> compares with the committed files. The only cells that differ are
/// those an emulated host cannot decide: where this host's run crashed or hung on a platform now taken as emulated.
/// </summary>
public sealed class HostIndependenceSpecs(ContainerHarness harness)
{
    public static TheoryData<string> OtherHosts => ["--host:platform=linux/arm64", "--host:emulated=linux/386"];

    [Theory]
    [MemberData(nameof(OtherHosts))]
    public async Task Every_cell_gives_the_same_snapshot_as_on_this_host(string assumption)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var matrix = MatrixReader.Load(HarnessAssets.Locate().Root, [assumption]);
        using var runner = await harness.Session.PrepareAsync(matrix, cancellation);

        var different = new List<string>();
        var inconclusive = new List<string>();
        await foreach (var result in runner.RunAllAsync(matrix.Cells(), cancellation))
        {
            var here = await harness.Matrix.ResultAsync(result.Cell.Name);
            if (result.Explanation.Agreement == Agreement.Inconclusive)
            {
                inconclusive.Add(result.Cell.Name);
                continue;
            }

            var (expected, actual) = (CellSnapshot.Render(here, matrix.Directory), CellSnapshot.Render(result, matrix.Directory));
            if (expected != actual)
            {
                different.Add($"{result.Cell.Name}:\n{LineDiff.Format(expected, actual)}");
            }
        }

        Assert.Empty(different);
        var undecidable = matrix.Cells()
            .Where(cell => runner.Host.For(cell.Platform).IsEmulated)
            .Select(cell => (cell.Name, Here: harness.Matrix.ResultAsync(cell.Name)))
            .ToList();
        var crashedOrHung = new List<string>();
        foreach (var (name, here) in undecidable)
        {
            var result = await here;
            if (result.Explanation.Prediction.Starts && result.Verdict is Verdict.KilledBySignal or Verdict.TimedOut)
            {
                crashedOrHung.Add(name);
            }
        }

        Assert.Equal(crashedOrHung.Order(), inconclusive.Order());
    }
}
