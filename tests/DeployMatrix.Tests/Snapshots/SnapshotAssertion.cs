using DeployMatrix.Matrix;
using DeployMatrix.Snapshots;
using Snapshooter;
using Snapshooter.Xunit3;
using Xunit.Sdk;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>
/// Compares a cell's text with its verified snapshot through Snapshooter, which keeps the verified file in
/// <c>__snapshots__/</c> and writes what it received to <c>__snapshots__/__mismatch__/</c>. Adds what a reviewer
/// needs: a line diff in the failure, and on a build server (<c>CI</c> set) a new snapshot fails too, so nothing is
/// accepted without review.
/// </summary>
public static class SnapshotAssertion
{
    public static void Matches(SnapshotStore store, MatrixCell cell, string actual)
    {
        var verified = store.Verified(cell);
        var receivedPath = store.ReceivedPath(cell);
        if (verified is null && OnBuildServer)
        {
            store.Compare(cell, actual);
            throw new XunitException($"New snapshot, not accepted on a build server (CI is set). Review {receivedPath}, then accept it with ./dm accept.");
        }

        try
        {
            Snapshot.Match(actual, new SnapshotFullName(SnapshotStore.FileName(cell), store.Directory));
        }
        catch (Exception e) when (verified is not null)
        {
            throw new XunitException(
                $"The snapshot changed. Received: {receivedPath}\nVerified: {store.VerifiedPath(cell)}\n" +
                $"Review the change, then accept it with ./dm accept.\n\n{LineDiff.Format(verified, actual)}", e);
        }
    }

    private static bool OnBuildServer => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
}
