namespace DeployMatrix.Tests.Cli;

/// <summary><c>deploymatrix run</c> checks every image its cells need before it starts any container.</summary>
public sealed class RunCommandSpecs
{
    [Fact]
    public async Task A_local_image_that_is_not_built_stops_the_run_naming_each_tag_and_where_it_comes_from()
    {
        var run = await DeployMatrixCli.RunAsync(
            ["run", "--filter:binaries=hello", "--filter:targets=debian-11", "--targets:0:image=deploymatrix/debian:no-such-{arch}"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.StandardOutput);
        Assert.StartsWith("Images this matrix needs are not here (no container was started):\n", run.StandardError, StringComparison.Ordinal);
        Assert.All(["amd64", "i386", "arm64"], arch => Assert.Contains(
            $"deploymatrix/debian:no-such-{arch} is missing: it is one of DeployMatrix's local images, made from Debian's packages on this machine by `deploymatrix images build`",
            run.StandardError, StringComparison.Ordinal));
    }
}
