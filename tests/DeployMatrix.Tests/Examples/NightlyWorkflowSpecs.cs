using System.Globalization;
using System.IO.Enumeration;
using System.Text.RegularExpressions;
using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Examples;

/// <summary>
/// <c>examples/github/nightly.yml</c> splits the nightly matrix over one job per architecture and shard, each on a
/// runner of that architecture, and merges their reports: the job matrix, the filters, the artifact names and the
/// merge's inputs must fit together, or cells go missing unnoticed.
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

    /// <summary>Every job of the shard matrix: each architecture with each shard number.</summary>
    private static IEnumerable<(string Arch, string Shard)> Jobs =>
        Shard.Matrix["arch"].SelectMany(arch => Shard.Matrix["shard"].Select(shard => (arch, shard)));

    private static string ForJob(string text, (string Arch, string Shard) job) =>
        WorkflowExpressions.Substitute(WorkflowExpressions.Substitute(text, "matrix.shard", job.Shard), "matrix.arch", job.Arch);

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
    public void Its_jobs_together_run_every_cell_of_the_nightly_matrix_once()
    {
        var root = HarnessAssets.Locate().Root;
        var matrix = Assert.Single(Run.Arguments);

        var sharded = Jobs.SelectMany(job => MatrixReader.Load(root, [.. Run.Overrides.Select(o => ForJob(o, job))], matrix).Cells());

        var all = MatrixReader.Load(root, [], matrix).Cells();
        Assert.Equal(all.Select(c => c.Name).Order(StringComparer.Ordinal), sharded.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// No cell runs under emulation: arm64 cells on GitHub's arm64 runners, amd64 and i386 cells on amd64 runners
    /// (whose kernels run i386 binaries themselves).
    /// </summary>
    [Theory]
    [InlineData("amd64", "ubuntu-24.04")]
    [InlineData("386", "ubuntu-24.04")]
    [InlineData("arm64", "ubuntu-24.04-arm")]
    public void Each_architectures_cells_run_on_a_runner_of_that_architecture(string arch, string runner)
    {
        Assert.Contains(arch, Shard.Matrix["arch"]);
        Assert.Equal(runner, RunnerFor(Assert.IsType<string>(Shard.RunsOn), arch));
        var filtered = Run.Overrides.Select(o => ForJob(o, (arch, "1"))).Single(o => o.StartsWith("--filter:platforms=", StringComparison.Ordinal));
        Assert.Equal($"--filter:platforms=linux/{arch}", filtered);
        Assert.DoesNotContain(Shard.Steps, step => step.Uses?.StartsWith("docker/setup-qemu-action", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void The_binaries_are_built_once_and_every_job_gets_them()
    {
        var build = Nightly.Job("build");
        var upload = build.Using("actions/upload-artifact");
        var download = Shard.Using("actions/download-artifact");

        Assert.Equal([build.Id], Shard.Needs);
        Assert.Equal(upload.With["name"], download.With["name"]);
        Assert.Equal(upload.With["path"], download.With["path"]);
    }

    /// <summary>Evaluates this workflow's <c>runs-on</c> form: <c>${{ matrix.arch == 'X' &amp;&amp; 'A' || 'B' }}</c>.</summary>
    private static string RunnerFor(string runsOn, string arch)
    {
        var match = RunsOnChoice().Match(runsOn);
        Assert.True(match.Success, $"runs-on is not of the form this spec reads: {runsOn}");
        return match.Groups["arch"].Value == arch ? match.Groups["then"].Value : match.Groups["else"].Value;
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

        Assert.Equal(Jobs.Count(), Jobs.Select(job => ForJob(reports, job)).Distinct(StringComparer.Ordinal).Count());
        foreach (var job in Jobs)
        {
            var artifact = ForJob(reports, job);
            Assert.True(FileSystemName.MatchesSimpleExpression(pattern, artifact), $"{pattern} does not download {artifact}");
            Assert.True(FileSystemName.MatchesSimpleExpression(Assert.Single(Report.Arguments), $"{artifact}/report.json"), $"the merge misses {artifact}/report.json");
            Assert.All(others, other => Assert.False(FileSystemName.MatchesSimpleExpression(pattern, ForJob(other, job))));
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

    [GeneratedRegex(@"^\$\{\{\s*matrix\.arch == '(?<arch>[^']+)' && '(?<then>[^']+)' \|\| '(?<else>[^']+)'\s*\}\}$")]
    private static partial Regex RunsOnChoice();

    [GeneratedRegex(@"^--filter:shard=\$\{\{matrix\.shard\}\}/(?<count>[0-9]+)$")]
    private static partial Regex ShardFilter();
}
