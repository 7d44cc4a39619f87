using DeployMatrix.Reports;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Cli;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// <c>deploymatrix run --reports DIR</c> writes the four reports; <c>deploymatrix report</c> merges shards into the
/// chosen formats and fails when a cell needs review, so the job that merges can fail the pipeline.
/// </summary>
public sealed class ReportCommandSpecs(ContainerHarness harness)
{
    // The run specs keep their snapshots in a directory of their own, so what they assert does not depend on this
    // checkout's verified files (a changed fixture fails its own cells, not these).
    private static string[] RunHelloOnDebian12(ReportDirectory directory) =>
    [
        "run", "--reports", directory.Path, "--snapshots=" + directory.File("snapshots"),
        "--filter:binaries=hello", "--filter:targets=debian-12", "--filter:platforms=linux/amd64,linux/arm64",
    ];

    [Fact]
    public async Task Run_writes_the_four_reports_of_the_cells_it_ran_and_names_them()
    {
        using var directory = new ReportDirectory();

        // On a build server a new cell fails the run (SnapshotPolicy), whatever the test run's own environment.
        var run = await DeployMatrixCli.RunAsync(RunHelloOnDebian12(directory), environment: new Dictionary<string, string> { ["CI"] = "true" });

        Assert.True(run.ExitCode == 1, run.StandardOutput + run.StandardError);
        Assert.All(ReportFormat.All, format => Assert.Contains($"Wrote {directory.File(format.FileName)}\n", run.StandardOutput, StringComparison.Ordinal));
        var report = MatrixReport.Load(directory.File("report.json"));
        var all = RepositoryMatrices.Default.AllCells().Select(c => c.Name).ToList();
        Assert.Equal(
            ["hello/default @ debian-12/linux-amd64", "hello/default @ debian-12/linux-arm64"],
            report.Cells.Select(c => c.Name));
        Assert.Equal(report.Cells.Select(c => all.IndexOf(c.Name)), report.Cells.Select(c => c.Index));
        Assert.All(report.Cells, c => Assert.Equal(SnapshotState.New, c.Snapshot));
    }

    [Fact]
    public async Task Run_exits_0_once_its_snapshots_are_accepted_and_1_with_the_cell_marked_after_a_change_breaks_it()
    {
        using var directory = new ReportDirectory();
        var arguments = RunHelloOnDebian12(directory);
        await DeployMatrixCli.RunAsync(arguments);
        var accept = await DeployMatrixCli.RunAsync(["accept", .. arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a != "--reports" && a != directory.Path)]);

        var accepted = await DeployMatrixCli.RunAsync(arguments);
        // The change: the amd64 build is shipped to arm64 machines too.
        var broken = await DeployMatrixCli.RunAsync([.. arguments, "--binaries:0:path=fixtures/bin/linux-amd64/hello"]);

        // Two cells and the distribution tables of their two builds.
        Assert.Contains("4 accepted, 0 had nothing to accept.", accept.StandardOutput, StringComparison.Ordinal);
        Assert.True(accepted.ExitCode == 0, accepted.StandardOutput + accepted.StandardError);
        Assert.True(broken.ExitCode == 1, broken.StandardOutput + broken.StandardError);
        Assert.Contains("ok      hello/default @ debian-12/linux-amd64", broken.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("changed hello/default @ debian-12/linux-arm64", broken.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(
            "| debian-12 (glibc 2.36) | ✅ ran, exit 0 | ⚠️ wrong architecture: built for linux/amd64 · 🔄 **snapshot changed** |",
            File.ReadAllText(directory.File("report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_merges_shards_into_the_chosen_formats_and_exits_0_when_nothing_needs_review()
    {
        var report = DefaultMatrixReport.Passing(await DefaultMatrixReport.BuildAsync(harness));
        using var directory = new ReportDirectory();
        var shards = Shards(report, directory);

        var merge = await DeployMatrixCli.RunAsync(["report", .. shards, "--out", directory.File("merged"), "--format", "json,html"]);

        Assert.True(merge.ExitCode == 0, merge.StandardOutput + merge.StandardError);
        Assert.Equal(["report.html", "report.json"], Directory.GetFiles(directory.File("merged")).Select(Path.GetFileName).Order());
        Assert.Equal(report.WithoutRunTimes().ToJson(), MatrixReport.Load(directory.File("merged/report.json")).WithoutRunTimes().ToJson());
        Assert.EndsWith($"{report.ReviewSummary()}\n", merge.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_exits_1_when_a_shard_has_a_changed_snapshot()
    {
        var report = DefaultMatrixReport.Passing(await DefaultMatrixReport.BuildAsync(harness));
        var changed = report with { Cells = [report.Cells[0] with { Snapshot = SnapshotState.Changed, SnapshotDiff = "- a\n+ b\n" }, .. report.Cells.Skip(1)] };
        using var directory = new ReportDirectory();

        var merge = await DeployMatrixCli.RunAsync(["report", .. Shards(changed, directory), "--out", directory.Path, "--format", "markdown"]);

        Assert.Equal(1, merge.ExitCode);
        Assert.Contains("1 changed snapshot", merge.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(directory.File("report.md")));
    }

    [Fact]
    public async Task Report_exits_2_naming_the_cell_when_shards_overlap()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        using var directory = new ReportDirectory();
        var first = ReportFormat.Json.Write(report, directory.File("a"));
        var second = ReportFormat.Json.Write(report with { Cells = report.Cells.Skip(3).ToList() }, directory.File("b"));

        var merge = await DeployMatrixCli.RunAsync(["report", first, second, "--out", directory.File("merged")]);

        Assert.Equal(2, merge.ExitCode);
        Assert.Equal($"Cell {report.Cells[3].Name} is in both {first} and {second}: shards must not overlap.\n", merge.StandardError);
        Assert.False(Directory.Exists(directory.File("merged")));
    }

    [Fact]
    public async Task An_unknown_format_is_an_error_listing_the_known_ones()
    {
        using var directory = new ReportDirectory();
        var file = ReportFormat.Json.Write(await DefaultMatrixReport.BuildAsync(harness), directory.Path);

        var merge = await DeployMatrixCli.RunAsync(["report", file, "--out", directory.Path, "--format", "json,pdf"]);

        Assert.Equal(2, merge.ExitCode);
        Assert.Equal("--format json,pdf: unknown format pdf; expected a comma-separated list of json, junit, markdown, html\n", merge.StandardError);
    }

    /// <summary>The report split into three shard files (by cell position modulo 3), as three CI jobs write them.</summary>
    private static List<string> Shards(MatrixReport report, ReportDirectory directory) =>
    [
        .. Enumerable.Range(0, 3).Select(shard => ReportFormat.Json.Write(
            report with { Cells = [.. report.Cells.Where((_, i) => i % 3 == shard)] }, directory.File($"shard-{shard + 1}"))),
    ];
}
