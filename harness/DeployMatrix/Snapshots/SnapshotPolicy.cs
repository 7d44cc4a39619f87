namespace DeployMatrix.Snapshots;

/// <summary>
/// Which comparisons fail, for <c>deploymatrix run</c> and the xunit integration alike. A changed snapshot always
/// fails. A new one fails on a build server only (<c>CI</c> set), so nothing gets accepted there without review; on
/// a workstation its received file waits for <c>deploymatrix accept</c>.
/// </summary>
/// <param name="OnBuildServer">Whether this run is a build server's.</param>
internal sealed record SnapshotPolicy(bool OnBuildServer)
{
    /// <summary>The policy of this process: on a build server when <c>CI</c> is set to anything.</summary>
    public static SnapshotPolicy FromEnvironment() => new(!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")));

    /// <summary>Whether a comparison that ended in <paramref name="state"/> fails the cell.</summary>
    public bool Fails(SnapshotState state) => state == SnapshotState.Changed || (state == SnapshotState.New && OnBuildServer);
}
