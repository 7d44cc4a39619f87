using DeployMatrix.Reports;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// Shards of one matrix, each run by its own CI job, merge into the report one whole run gives; overlapping shards
/// and shards of different matrices are refused, naming the cell and the files.
/// </summary>
public sealed class ReportMergeSpecs(ContainerHarness harness)
{
    private const int Shards = 3;

    [Fact]
    public async Task Three_shards_merge_into_the_report_of_one_whole_run()
    {
        var whole = await DefaultMatrixReport.BuildAsync(harness);
        using var directory = new ReportDirectory();
        var files = new List<string>();
        for (var shard = 0; shard < Shards; shard++)
        {
            var part = await DefaultMatrixReport.BuildAsync(harness, i => i % Shards == shard);
            files.Add(ReportFormat.Json.Write(part, Path.Combine(directory.Path, $"shard-{shard + 1}")));
        }

        // Read back in another order than they were written: the merge puts cells back in matrix order.
        var merged = MatrixReport.Merge(files.AsEnumerable().Reverse().Select(MatrixReport.Load));

        Assert.Equal(whole.Cells.Select(c => c.Name), merged.Cells.Select(c => c.Name));
        Assert.Equal(whole.WithoutRunTimes().ToJson(), merged.WithoutRunTimes().ToJson());
    }

    [Fact]
    public async Task A_merge_is_dated_by_its_last_shard()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        var early = report with { GeneratedAt = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), Cells = report.Cells.Take(1).ToList() };
        var late = report with { GeneratedAt = new DateTimeOffset(2026, 1, 1, 11, 0, 0, TimeSpan.Zero), Cells = report.Cells.Skip(1).ToList() };

        Assert.Equal(late.GeneratedAt, MatrixReport.Merge([late, early]).GeneratedAt);
    }

    [Fact]
    public async Task A_cell_in_two_shards_is_an_error_naming_the_cell_and_both_files()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        using var directory = new ReportDirectory();
        var first = ReportFormat.Json.Write(report with { Cells = report.Cells.Take(10).ToList() }, Path.Combine(directory.Path, "a"));
        var second = ReportFormat.Json.Write(report with { Cells = report.Cells.Skip(5).ToList() }, Path.Combine(directory.Path, "b"));

        var error = Assert.Throws<DeployMatrixException>(() => MatrixReport.Merge([MatrixReport.Load(first), MatrixReport.Load(second)]));

        Assert.Equal($"Cell {report.Cells[5].Name} is in both {first} and {second}: shards must not overlap.", error.Message);
    }

    [Fact]
    public async Task A_cell_twice_in_one_report_is_an_error_naming_it()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);

        var error = Assert.Throws<DeployMatrixException>(() =>
            MatrixReport.Merge([report with { Cells = [report.Cells[0], report.Cells[0]], Source = "twice.json" }]));

        Assert.Equal($"Cell {report.Cells[0].Name} is twice in twice.json: shards must not overlap.", error.Message);
    }

    [Fact]
    public async Task Reports_of_different_matrices_are_an_error_naming_both_files_and_matrices()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness) with { Source = "ci/default.json" };
        var other = report with
        {
            Matrix = new MatrixIdentity("matrices/nightly.yaml", "sha256:" + new string('0', 64), 120),
            Cells = [],
            Source = "ci/nightly.json",
        };

        var error = Assert.Throws<DeployMatrixException>(() => MatrixReport.Merge([report, other]));

        Assert.StartsWith("ci/nightly.json and ci/default.json are reports of different matrices: matrices/nightly.yaml (120 cells,", error.Message, StringComparison.Ordinal);
        Assert.Contains($"and matrix.yaml ({report.Matrix.CellCount} cells, ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_to_merge_is_an_error() =>
        Assert.Equal("No reports to merge: name at least one report.json.", Assert.Throws<DeployMatrixException>(() => MatrixReport.Merge([])).Message);
}
