using DeployMatrix.Containers;
using DeployMatrix.Pipeline;
using DeployMatrix.Snapshots;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// runc and bubblewrap are faster ways to the same container, not other containers: the default matrix, run by the
/// engine and by each of them, gives every cell the same snapshot, byte for byte.
/// </summary>
public sealed class RuntimeEquivalenceSpecs(ContainerHarness harness)
{
    [Theory]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task The_default_matrix_gives_the_same_snapshots_under_docker_and_under(string faster)
    {
        var docker = await SnapshotsAsync(ContainerRuntime.Docker);
        var other = await SnapshotsAsync(Enum.Parse<ContainerRuntime>(faster, ignoreCase: true));

        Assert.Equal(harness.Matrix.Matrix.Cells().Count, docker.Count);
        Assert.Equal(docker.Keys.Order(StringComparer.Ordinal), other.Keys.Order(StringComparer.Ordinal));
        var differing = docker.Keys.Where(cell => docker[cell] != other[cell]).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            differing.Count == 0,
            string.Concat(differing.Select(cell => $"{cell} (docker -, {faster} +):\n{LineDiff.Format(docker[cell], other[cell])}\n")));
    }

    /// <summary>Each runtime's snapshots of the default matrix, run once for every spec that asks.</summary>
    private Task<Dictionary<string, string>> SnapshotsAsync(ContainerRuntime runtime) =>
        Runs.GetOrAdd(runtime, _ => new Lazy<Task<Dictionary<string, string>>>(() => RunAsync(runtime))).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ContainerRuntime, Lazy<Task<Dictionary<string, string>>>> Runs = new();

    private async Task<Dictionary<string, string>> RunAsync(ContainerRuntime runtime)
    {
        var matrix = harness.Matrix.Matrix;
        var run = new MatrixRun(harness.Session, matrix with { Runner = matrix.Runner with { Runtime = runtime } });
        var results = await run.AllAsync();
        var ran = results.Where(result => result.Run is not null).ToList();
        Assert.NotEmpty(ran);
        Assert.All(ran, result => Assert.Equal(runtime, result.Run!.Runtime));
        return results.ToDictionary(result => result.Cell.Name, result => CellSnapshot.Render(result, run.Matrix.Directory), StringComparer.Ordinal);
    }
}
