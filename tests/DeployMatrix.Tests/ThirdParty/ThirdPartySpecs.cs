using CliWrap;
using CliWrap.Buffered;
using DeployMatrix.Running;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.ThirdParty;

/// <summary>
/// Real third-party programs (matrices/third-party.yaml: dprint, which makes its cache directory under $HOME
/// whenever it starts) give in the harness what a plain <c>docker run</c> of the same image gives: the harness changes
/// nothing a program sees that a server booted from the image would not.
/// </summary>
public sealed class ThirdPartySpecs(ContainerHarness harness)
{
    [Theory]
    [MatrixCells("matrices/third-party.yaml")]
    public Task Cell_matches_its_snapshot(string cell) => harness.ThirdParty.AssertMatchesSnapshotAsync(cell);

    [Theory]
    [MatrixCells("matrices/third-party.yaml")]
    public async Task Cell_gives_what_a_plain_docker_run_of_the_image_gives(string cell)
    {
        var result = await harness.ThirdParty.ResultAsync(cell);

        var plain = await DockerRunAsync(result);

        if (result.Explanation.Observed is { ProgramStarted: true })
        {
            Assert.Equal(plain.ExitCode, result.Run!.ExitCode);
            Assert.Equal(plain.StandardOutput, result.Run.Stdout);
            Assert.Equal(plain.StandardError, result.Run.Stderr);
        }
        else
        {
            // The engine's own words for a program whose interpreter is not there: it never started either.
            Assert.NotEqual(0, plain.ExitCode);
            Assert.Contains("no such file or directory", plain.StandardError, StringComparison.Ordinal);
        }
    }

    /// <summary>The cell as a user would try it by hand: the binary bind-mounted read-only, no network, nothing pulled.</summary>
    private static Task<BufferedCommandResult> DockerRunAsync(CellResult result) =>
        CliWrap.Cli.Wrap("docker")
            .WithArguments(
            [
                "run", "--rm", "--network", "none", "--pull", "never", "--platform", result.Cell.Platform.Name,
                "-v", $"{result.Cell.BinaryPath}:{result.Cell.ProgramPath}:ro",
                result.Image.LocalTag, result.Cell.ProgramPath, .. result.Cell.Case.Args,
            ])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(TestContext.Current.CancellationToken);
}
