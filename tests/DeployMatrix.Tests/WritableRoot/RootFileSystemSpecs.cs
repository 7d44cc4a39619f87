using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.WritableRoot;

/// <summary>
/// A cell's root file system is writable, as on a machine booted from its image: the home directory of the image's
/// user, /var/tmp and /tmp take a program's files on every image. Teams that deploy with a read-only root
/// (ProtectSystem=strict, readOnlyRootFilesystem) set <c>runner: root: read-only</c>, and the same program then meets
/// that limit: writes-cache in the default matrix and in matrices/read-only-root.yaml.
/// </summary>
public sealed class RootFileSystemSpecs(ContainerHarness harness)
{
    [Theory]
    [MatrixCells("matrices/read-only-root.yaml")]
    public Task Cell_of_the_read_only_root_matrix_matches_its_snapshot(string cell) => harness.ReadOnlyRoot.AssertMatchesSnapshotAsync(cell);

    [Fact]
    public async Task Every_image_of_the_default_matrix_gives_a_writable_home_var_tmp_and_tmp()
    {
        var results = (await harness.Matrix.AllAsync()).Where(r => r.Cell.Binary.Name == "writes-cache").ToList();

        Assert.NotEmpty(results);
        Assert.All(results, result =>
        {
            Assert.True(result.Verdict.Text == "ran, exit 0", $"{result.Cell.Name}: {result.Verdict.Text}\n{result.Run?.Stdout}");
            Assert.Empty(result.LimitsMet);
            Assert.Equal(3, result.Run!.Stdout.Split('\n').Count(line => line.StartsWith("writes-cache: wrote ", StringComparison.Ordinal)));
        });
    }

    [Theory]
    [InlineData("debian-12")]
    [InlineData("musl")]
    public async Task Under_a_read_only_root_only_the_scratch_takes_writes_and_the_limit_is_named(string target)
    {
        var writable = await harness.Matrix.ResultAsync($"writes-cache/default @ {target}/linux-amd64");
        var readOnly = await harness.ReadOnlyRoot.ResultAsync($"writes-cache/default @ {target}/linux-amd64");

        Assert.Equal("ran, exit 0", writable.Verdict.Text);
        Assert.Equal("ran, exit 1", readOnly.Verdict.Text);
        Assert.Equal(["root"], readOnly.LimitsMet.Select(limit => limit.Limit));
        Assert.Equal("read-only root file system, writable only in /tmp", readOnly.LimitsMet[0].Text);
        Assert.Contains("writes-cache: /root/.cache/cache-demo/state: Read-only file system", readOnly.Run!.Stdout, StringComparison.Ordinal);
        Assert.Contains("writes-cache: wrote /tmp/cache-demo/scratch", readOnly.Run.Stdout, StringComparison.Ordinal);
    }
}
