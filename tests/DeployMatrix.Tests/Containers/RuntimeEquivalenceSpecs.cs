using DeployMatrix.Containers;
using DeployMatrix.Pipeline;
using DeployMatrix.Snapshots;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// runc is a faster way to the same container, not another container: the default matrix, run once by the engine and
/// once by runc, gives every cell the same snapshot, byte for byte.
/// </summary>
public sealed class RuntimeEquivalenceSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task The_default_matrix_gives_the_same_snapshots_under_docker_and_under_runc()
    {
        var matrix = harness.Matrix.Matrix;
        var underDocker = new MatrixRun(harness.Session, matrix with { Runner = matrix.Runner with { Runtime = ContainerRuntime.Docker } });
        var underRunc = new MatrixRun(harness.Session, matrix with { Runner = matrix.Runner with { Runtime = ContainerRuntime.Runc } });

        var docker = await SnapshotsAsync(underDocker, ContainerRuntime.Docker);
        var runc = await SnapshotsAsync(underRunc, ContainerRuntime.Runc);

        Assert.Equal(matrix.Cells().Count, docker.Count);
        Assert.Equal(docker.Keys.Order(StringComparer.Ordinal), runc.Keys.Order(StringComparer.Ordinal));
        var differing = docker.Keys.Where(cell => docker[cell] != runc[cell]).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            differing.Count == 0,
            string.Concat(differing.Select(cell => $"{cell} (docker -, runc +):\n{LineDiff.Format(docker[cell], runc[cell])}\n")));
    }

    private static async Task<Dictionary<string, string>> SnapshotsAsync(MatrixRun run, ContainerRuntime runtime)
    {
        var results = await run.AllAsync();
        var ran = results.Where(result => result.Run is not null).ToList();
        Assert.NotEmpty(ran);
        Assert.All(ran, result => Assert.Equal(runtime, result.Run!.Runtime));
        return results.ToDictionary(result => result.Cell.Name, result => CellSnapshot.Render(result, run.Matrix.Directory), StringComparer.Ordinal);
    }
}
