using System.Globalization;
using System.IO.Enumeration;
using System.Text.RegularExpressions;
using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Examples;

/// <summary>
/// <c>examples/github/nightly.yml</c> splits the nightly matrix over N shard jobs and merges their reports: the shard
/// numbers, the filter, the artifact names and the merge's inputs must fit together, or cells go missing unnoticed.
/// </summary>
public sealed partial class NightlyWorkflowSpecs
{
    private static readonly Workflow Nightly = Workflow.Load("nightly.yml");

    private static readonly WorkflowJob Shard = Nightly.Job("shard");

    private static readonly WorkflowJob Merge = Nightly.Job("merge");

    private static readonly DeployMatrixCommand Run = Assert.Single(Shard.DeployMatrixCommands, c => c.Name == "run");

    private static readonly DeployMatrixCommand Report = Assert.Single(Merge.DeployMatrixCommands, c => c.Name == "report");

    /// <summary>The N of the run command's <c>--filter:shard=${{ matrix.shard }}/N</c>.</summary>
    private static int ShardCount =>
        int.Parse(Assert.Single(Run.Overrides.Select(o => ShardFilter().Match(o)), m => m.Success).Groups["count"].Value, CultureInfo.InvariantCulture);

    private static IEnumerable<string> ShardNumbers => Enumerable.Range(1, ShardCount).Select(i => i.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public void It_runs_on_a_schedule_and_by_hand()
    {
        Assert.Equal(["schedule", "workflow_dispatch"], Nightly.Triggers.Order(StringComparer.Ordinal));
        Assert.All(Nightly.Schedules, cron => Assert.Equal(5, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.NotEmpty(Nightly.Schedules);
    }

    [Fact]
    public void The_shard_jobs_are_numbered_1_to_the_N_of_the_filter()
    {
        Assert.Equal(ShardNumbers, Shard.Matrix["shard"]);
    }

    [Fact]
    public void Its_shards_together_run_every_cell_of_the_nightly_matrix_once()
    {
        var root = HarnessAssets.Locate().Root;
        var matrix = Assert.Single(Run.Arguments);
        var filter = Assert.Single(Run.Overrides);

        var sharded = ShardNumbers.SelectMany(number =>
            MatrixReader.Load(root, [WorkflowExpressions.Substitute(filter, "matrix.shard", number)], matrix).Cells());

        var all = MatrixReader.Load(root, [], matrix).Cells();
        Assert.Equal(all.Select(c => c.Name).Order(StringComparer.Ordinal), sharded.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_shard_uploads_its_report_also_when_it_failed()
    {
        var upload = Shard.Using("actions/upload-artifact", s => s.With["path"].EndsWith("report.json", StringComparison.Ordinal));

        Assert.Equal("always()", upload.If);
        Assert.Equal($"{Run.Option("--reports")}/report.json", WorkflowExpressions.Compact(upload.With["path"]));
    }

    [Fact]
    public void The_merge_waits_for_every_shard_also_after_a_failure()
    {
        Assert.Equal([Shard.Id], Merge.Needs);
        Assert.Contains("!cancelled()", Merge.If, StringComparison.Ordinal);
    }

    /// <summary>
    /// download-artifact with a pattern puts each artifact in a directory of its name, and an artifact of one file
    /// holds it at its root: shard I's report arrives as <c>NAME/report.json</c>.
    /// </summary>
    [Fact]
    public void The_merge_downloads_and_merges_the_report_of_every_shard_and_nothing_else()
    {
        var pattern = Merge.Using("actions/download-artifact").With["pattern"];
        var reports = Shard.Using("actions/upload-artifact", s => s.With["path"].EndsWith("report.json", StringComparison.Ordinal)).With["name"];
        var others = Shard.Steps.Where(s => s.With.TryGetValue("name", out var name) && name != reports).Select(s => s.With["name"]).ToList();

        foreach (var number in ShardNumbers)
        {
            var artifact = WorkflowExpressions.Substitute(reports, "matrix.shard", number);
            Assert.True(FileSystemName.MatchesSimpleExpression(pattern, artifact), $"{pattern} does not download {artifact}");
            Assert.True(FileSystemName.MatchesSimpleExpression(Assert.Single(Report.Arguments), $"{artifact}/report.json"), $"the merge misses {artifact}/report.json");
            Assert.All(others, other => Assert.False(FileSystemName.MatchesSimpleExpression(pattern, WorkflowExpressions.Substitute(other, "matrix.shard", number))));
        }
    }

    [Fact]
    public void The_merged_report_goes_to_the_job_summary_and_its_html_is_kept()
    {
        var merged = Report.Option("--out");

        var summary = Assert.Single(Merge.Steps, s => s.Run?.Contains("$GITHUB_STEP_SUMMARY", StringComparison.Ordinal) == true);
        Assert.Contains($"{merged}/report.md", summary.Run, StringComparison.Ordinal);
        Assert.StartsWith("always()", summary.If, StringComparison.Ordinal);
        var html = Merge.Using("actions/upload-artifact");
        Assert.Equal($"{merged}/report.html", html.With["path"]);
        Assert.StartsWith("always()", html.If, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^--filter:shard=\$\{\{matrix\.shard\}\}/(?<count>[0-9]+)$")]
    private static partial Regex ShardFilter();
}
