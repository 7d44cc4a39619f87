using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>One rule for deploymatrix run and the xunit integration: a change always fails, a new cell on a build server only.</summary>
public sealed class SnapshotPolicySpecs
{
    [Theory]
    [InlineData(nameof(SnapshotState.Matches), false, false)]
    [InlineData(nameof(SnapshotState.Matches), true, false)]
    [InlineData(nameof(SnapshotState.Changed), false, true)]
    [InlineData(nameof(SnapshotState.Changed), true, true)]
    [InlineData(nameof(SnapshotState.New), false, false)]
    [InlineData(nameof(SnapshotState.New), true, true)]
    [InlineData(nameof(SnapshotState.NotCompared), true, false)]
    public void A_comparison_fails_by_its_state_and_where_it_ran(string state, bool onBuildServer, bool fails) =>
        Assert.Equal(fails, new SnapshotPolicy(onBuildServer).Fails(Enum.Parse<SnapshotState>(state)));
}
