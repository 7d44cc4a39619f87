using DeployMatrix.Matrix;
using DeployMatrix.Pipeline;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Matrix;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>
/// prints-clock prints the time, its pid and a random id, as real programs' logs do: run twice in real containers, its
/// snapshots differ without the default matrix's scrubbers and are equal (and equal to the reviewed one) with them.
/// </summary>
public sealed class ScrubbedSnapshotSpecs(ContainerHarness harness)
{
    private const string Cell = "prints-clock/default @ debian-12/linux-amd64";

    [Fact]
    public async Task Without_its_scrubbers_each_run_gives_another_snapshot_and_with_them_the_same()
    {
        var scrubbed = OnlyPrintsClock(RepositoryMatrices.Default);
        var unscrubbed = scrubbed with
        {
            Binaries = [.. scrubbed.Binaries.Select(b => b with { Cases = [.. b.Cases.Select(c => c with { Scrubbers = [] })] })],
        };

        var withScrubbers = await RenderTwiceAsync(scrubbed);
        var withoutScrubbers = await RenderTwiceAsync(unscrubbed);

        Assert.NotEqual(withoutScrubbers.First, withoutScrubbers.Second);
        Assert.Equal(withScrubbers.First, withScrubbers.Second);
        Assert.Contains("prints-clock: started at <time>\nprints-clock: pid <pid>\nprints-clock: run id <run-id>\n", withScrubbers.First, StringComparison.Ordinal);
    }

    private static MatrixDefinition OnlyPrintsClock(MatrixDefinition matrix) =>
        matrix with { Binaries = [.. matrix.Binaries.Where(b => b.Name == "prints-clock")], Filter = new MatrixFilter([], ["debian-12"], [], null) };

    private async Task<(string First, string Second)> RenderTwiceAsync(MatrixDefinition matrix)
    {
        await using var firstRun = new MatrixRun(harness.Session, matrix);
        await using var secondRun = new MatrixRun(harness.Session, matrix);
        var first = await firstRun.ResultAsync(Cell);
        var second = await secondRun.ResultAsync(Cell);
        return (CellSnapshot.Render(first, matrix.Directory), CellSnapshot.Render(second, matrix.Directory));
    }
}
