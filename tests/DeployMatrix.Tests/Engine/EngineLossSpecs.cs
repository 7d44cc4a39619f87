using DeployMatrix.Engine;
using DeployMatrix.Reports;
using DeployMatrix.Tests.Cli;

namespace DeployMatrix.Tests.Engine;

/// <summary>
/// When the engine goes away in the middle of a run, the run ends at once with one line that says so and exit 2;
/// the cells that finished are kept in a complete, readable report, and what the run left the next one removes.
/// </summary>
public sealed class EngineLossSpecs(ContainerHarness harness) : IDisposable
{
    private readonly DirectoryInfo _reports = Directory.CreateTempSubdirectory("deploymatrix-engine-loss-");

    [Fact]
    public async Task A_run_whose_engine_goes_away_ends_with_exit_2_one_line_and_the_finished_cells_in_its_report()
    {
        await using var proxy = new SeverableEngineProxy(DockerEndpoint.DefaultSocket);
        var runId = $"engine-loss-{Guid.NewGuid():N}";
        var finished = 0;

        // The engine's runner: runc needs the engine only before the first cell starts.
        var run = await DeployMatrixCli.RunAsync(
            ["run", "--filter:targets=debian-12", "--runner:parallel=2", "--runner:runtime=docker", "--reports", _reports.FullName],
            environment: new Dictionary<string, string> { ["DOCKER_HOST"] = proxy.DockerHost, [ContainerLabels.RunEnvironmentVariable] = runId },
            onOutputLine: line =>
            {
                if (line.StartsWith('[') && Interlocked.Increment(ref finished) == 3)
                {
                    proxy.Sever();
                }
            });

        Assert.True(proxy.IsSevered, $"the run ended before its third cell: {run.StandardOutput}{run.StandardError}");
        Assert.Equal(2, run.ExitCode);
        var message = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"The Docker engine at {proxy.DockerHost} stopped answering while running ", message, StringComparison.Ordinal);
        Assert.Contains($"cells had finished; their results are in {_reports.FullName}", message, StringComparison.Ordinal);
        var report = MatrixReport.Load(Path.Combine(_reports.FullName, "report.json"));
        Assert.StartsWith("the engine went away after ", report.Incomplete, StringComparison.Ordinal);
        var all = DeployMatrix.Matrix.MatrixReader.Load(HarnessAssets.Locate().Root, ["--filter:targets=debian-12"]).Cells().Count;
        Assert.InRange(report.Cells.Count, 3, all - 1);
        Assert.False(report.Passed);
        Assert.Empty(_reports.GetFiles("*.tmp", SearchOption.AllDirectories));

        await using var next = await ContainerJanitor.StartAsync(harness.Session.Engine, TestContext.Current.CancellationToken);
        Assert.Equal(0, await CountAsync("containers", runId));
        Assert.Equal(0, await CountAsync("volumes", runId));
    }

    public void Dispose() => _reports.Delete(recursive: true);

    private static async Task<int> CountAsync(string what, string runId)
    {
        var list = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
            CliWrap.Cli.Wrap("docker").WithArguments(what == "containers"
                ? ["ps", "-aq", "--filter", $"label={ContainerLabels.Run}={runId}"]
                : ["volume", "ls", "-q", "--filter", $"label={ContainerLabels.Run}={runId}"]),
            TestContext.Current.CancellationToken);
        return list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
