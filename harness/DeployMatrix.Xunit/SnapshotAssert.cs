using DeployMatrix.Snapshots;
using Xunit;

namespace DeployMatrix.Xunit;

/// <summary>How a snapshot's review ends a test: failed with its message, or passed with the message as a warning (a new snapshot on a workstation).</summary>
internal static class SnapshotAssert
{
    public static void Reviewed(SnapshotReview review)
    {
        if (review.Fails)
        {
            Assert.Fail(review.Message);
        }

        if (review.Message.Length > 0)
        {
            TestContext.Current.AddWarning(review.Message);
        }
    }
}
