using System.Text.RegularExpressions;
using DeployMatrix.Matrix;
using DeployMatrix.Tests.Cli;

namespace DeployMatrix.Tests.Examples;

/// <summary>
/// What every example workflow must get right, though none can run here: actions pinned to a major version, and
/// only <c>deploymatrix</c> commands, options and matrix settings that exist.
/// </summary>
public sealed class WorkflowCommandSpecs
{
    public static TheoryData<string> Workflows => [.. Workflow.Files.Select(Path.GetFileName).OfType<string>()];

    [Fact]
    public void There_are_the_pull_request_and_nightly_workflows()
    {
        Assert.Equal(["nightly.yml", "pull-request.yml"], Workflows.Select(row => row.Data));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_is_pinned_to_a_major_version(string file)
    {
        var actions = Workflow.Load(file).Steps.Select(s => s.Uses).OfType<string>().ToList();

        Assert.NotEmpty(actions);
        Assert.All(actions, action => Assert.Matches(@"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+@v[0-9]+$", action));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task Every_deploymatrix_command_and_option_exists(string file)
    {
        foreach (var command in Workflow.Load(file).Jobs.SelectMany(job => job.DeployMatrixCommands))
        {
            var help = await DeployMatrixCli.RunAsync([command.Name, "--help"]);

            Assert.True(help.ExitCode == 0, $"{file}: deploymatrix {command.Name} is no command: {help.StandardError}");
            Assert.All(command.Options, option => Assert.Matches($@"\s{Regex.Escape(option)}\b", help.StandardOutput));
        }
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_matrix_setting_a_run_overrides_is_accepted_for_its_matrix(string file)
    {
        foreach (var job in Workflow.Load(file).Jobs)
        {
            foreach (var run in job.DeployMatrixCommands.Where(c => c.Name == "run"))
            {
                var overrides = run.Overrides.Select(o => job.Matrix.Aggregate(o, (text, list) => WorkflowExpressions.Substitute(text, "matrix." + list.Key, list.Value[0])));

                var matrix = MatrixReader.Load(HarnessAssets.Locate().Root, [.. overrides], Assert.Single(run.Arguments));

                Assert.NotEmpty(matrix.Cells());
            }
        }
    }
}
