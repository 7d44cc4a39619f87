using DeployMatrix.Snapshots;
using Snapshooter;
using Xunit.Sdk;

namespace DeployMatrix.Tests.Snapshots;

/// <summary>
/// Compares a text with its verified snapshot through Snapshooter, which keeps the verified file in
/// <c>__snapshots__/</c> and writes what it received to <c>__snapshots__/__mismatch__/</c>. Adds what a reviewer
/// needs: a line diff in the failure, and on a build server (<c>CI</c> set) a new snapshot fails too, so nothing
/// is accepted without review.
/// </summary>
public static class SnapshotAssertion
{
    private const string Verified = "__snapshots__";
    private const string Received = "__mismatch__";

    public static void Matches(string actual, string directory, string fileName)
    {
        var verifiedPath = Path.Combine(directory, Verified, fileName);
        var receivedPath = Path.Combine(directory, Verified, Received, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);

        if (!File.Exists(verifiedPath) && OnBuildServer)
        {
            File.WriteAllText(receivedPath, actual);
            throw new XunitException($"New snapshot, not accepted on a build server (CI is set). Review {receivedPath} and accept it with ./dm accept.");
        }

        var expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath) : null;
        try
        {
            Snapshooter.Xunit3.Snapshot.Match(actual, new SnapshotFullName(fileName, directory));
        }
        catch (Exception e) when (expected is not null)
        {
            throw new XunitException(
                $"The snapshot changed. Received: {receivedPath}\nVerified: {verifiedPath}\n" +
                $"Review the change, then accept it with ./dm accept.\n\n{LineDiff.Format(expected, actual)}", e);
        }
    }

    private static bool OnBuildServer => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
}
