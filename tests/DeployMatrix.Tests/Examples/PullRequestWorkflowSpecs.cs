using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Examples;

/// <summary>
/// <c>examples/github/pull-request.yml</c> runs the matrix on each pull request, shows the report in the job summary
/// and, when a cell changed, keeps what it received for review.
/// </summary>
public sealed class PullRequestWorkflowSpecs
{
    private static readonly Workflow PullRequest = Workflow.Load("pull-request.yml");

    private static readonly WorkflowJob Job = Assert.Single(PullRequest.Jobs);

    private static readonly DeployMatrixCommand Run = Assert.Single(Job.DeployMatrixCommands, c => c.Name == "run");

    [Fact]
    public void It_runs_on_pull_requests()
    {
        Assert.Equal(["pull_request"], PullRequest.Triggers);
    }

    [Fact]
    public void It_sets_up_dotnet_10_and_qemu_for_arm64()
    {
        Assert.StartsWith("10.", Job.Using("actions/setup-dotnet").With["dotnet-version"], StringComparison.Ordinal);
        Assert.Contains("arm64", Job.Using("docker/setup-qemu-action").With["platforms"], StringComparison.Ordinal);
    }

    [Fact]
    public void It_runs_the_default_matrix_and_puts_its_markdown_report_in_the_job_summary()
    {
        Assert.Equal(["matrix.yaml"], Run.Arguments);
        var summary = Assert.Single(Job.Steps, s => s.Run?.Contains("$GITHUB_STEP_SUMMARY", StringComparison.Ordinal) == true);
        Assert.Contains($"{Run.Option("--reports")}/report.md", summary.Run, StringComparison.Ordinal);
        Assert.StartsWith("always()", summary.If, StringComparison.Ordinal);
    }

    [Fact]
    public void On_failure_it_uploads_the_received_snapshots_and_the_reports()
    {
        var upload = Job.Using("actions/upload-artifact");

        Assert.Equal("failure()", upload.If);
        var paths = upload.With["path"].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal([$"**/{SnapshotStore.VerifiedFolder}/{SnapshotStore.ReceivedFolder}/**", $"{Run.Option("--reports")}/"], paths);
    }
}
