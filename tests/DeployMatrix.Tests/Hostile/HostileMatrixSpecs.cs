using DeployMatrix.Xunit;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Hostile;

/// <summary>
/// Every cell of the hostile matrix matches its reviewed snapshot, whose <c>limit:</c> lines name the limits the
/// program met; and each program meets the limit it attacks, whatever a careless review let into the snapshots.
/// </summary>
public sealed class HostileMatrixSpecs(ContainerHarness harness)
{
    /// <summary>
    /// The limits each cell meets, as the runner settings name them. The orphan's child and a reader of stdin meet
    /// none: the child ends with its container's first process, and the harness closes stdin after the case's input.
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["fill-disk/default"] = "scratch",
        ["fill-disk/root"] = "root-size",
        ["write-image/default"] = "root",
        ["write-image/again"] = "root",
        ["fork-bomb/default"] = "processes",
        ["memory-hog/default"] = "memory",
        ["flood-output/default"] = "output",
        ["read-stdin-forever/no-stdin"] = "",
        ["read-stdin-forever/some-stdin"] = "",
        ["orphan/default"] = "",
        ["ignore-sigterm/default"] = "timeout",
        ["busy-loop/default"] = "timeout",
        ["exhaust-fds/default"] = "open-files",
        ["connect-network/default"] = "network",
        ["try-mount/default"] = "capabilities",
        ["set-hostname/default"] = "capabilities",
        ["load-module/default"] = "capabilities",
    };

    [Theory]
    [MatrixCells("matrices/hostile.yaml")]
    public async Task Cell_matches_its_snapshot_under_docker(string cell)
    {
        if (HostileRun.NotUnderDocker.FirstOrDefault(c => cell.StartsWith(c.Key + " @", StringComparison.Ordinal)).Value is { } why)
        {
            Assert.Skip($"Not run under the engine runtime: {why}.");
        }

        await (await harness.Hostile("docker").OutcomeAsync()).Cells.AssertMatchesSnapshotAsync(cell);
    }

    [Theory]
    [MatrixCells("matrices/hostile.yaml")]
    public async Task Cell_matches_its_snapshot_under_runc(string cell) =>
        await (await harness.Hostile("runc").OutcomeAsync()).Cells.AssertMatchesSnapshotAsync(cell);

    [Theory]
    [MatrixCells("matrices/hostile.yaml")]
    public async Task Cell_matches_its_snapshot_under_bubblewrap(string cell) =>
        await (await harness.Hostile("bubblewrap").OutcomeAsync()).Cells.AssertMatchesSnapshotAsync(cell);

    [Theory]
    [InlineData("docker")]
    [InlineData("runc")]
    [InlineData("bubblewrap")]
    public async Task Each_program_meets_the_limit_it_attacks(string runtime)
    {
        var results = await (await harness.Hostile(runtime).OutcomeAsync()).Cells.AllAsync();

        var met = results.ToDictionary(
            r => $"{r.Cell.Binary.Name}/{r.Cell.Case.Name}", r => string.Join(", ", r.LimitsMet.Select(l => l.Limit)), StringComparer.Ordinal);
        var expected = Expected.Where(e => runtime != "docker" || !HostileRun.NotUnderDocker.ContainsKey(e.Key));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), met.OrderBy(e => e.Key, StringComparer.Ordinal));
    }
}
