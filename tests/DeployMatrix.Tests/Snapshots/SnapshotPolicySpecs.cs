using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>One rule for deploymatrix run and the xunit integration: a change always fails, a new cell on a build server only.</summary>
public sealed class SnapshotPolicySpecs
{
    [Theory]
    [InlineData(SnapshotState.Matches, false, false)]
    [InlineData(SnapshotState.Matches, true, false)]
    [InlineData(SnapshotState.Changed, false, true)]
    [InlineData(SnapshotState.Changed, true, true)]
    [InlineData(SnapshotState.New, false, false)]
    [InlineData(SnapshotState.New, true, true)]
    [InlineData(SnapshotState.NotCompared, true, false)]
    public void A_comparison_fails_by_its_state_and_where_it_ran(SnapshotState state, bool onBuildServer, bool fails) =>
        Assert.Equal(fails, new SnapshotPolicy(onBuildServer).Fails(state));
}
