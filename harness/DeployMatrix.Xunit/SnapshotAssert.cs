using DeployMatrix.Pipeline;
using DeployMatrix.Snapshots;
using Xunit;

namespace DeployMatrix.Xunit;

/// <summary>How a <see cref="Judgement"/> ends a test: failed or skipped with its message, or passed with the message as a warning (a new snapshot on a workstation).</summary>
internal static class SnapshotAssert
{
    /// <summary>The cell matches its reviewed snapshot and the prediction made from the binary and the image alone, by the rule of <see cref="Judgement"/>.</summary>
    public static async Task AssertMatchesSnapshotAsync(this MatrixRun run, string cellName) =>
        Judged((await run.JudgedAsync(cellName).ConfigureAwait(false)).Judgement);

    /// <summary>The build's distribution table (where it runs, by distribution family, from recorded facts; no container) matches its snapshot.</summary>
    public static void AssertDistributionsMatchSnapshot(this MatrixRun run, string buildName) => Judged(run.JudgedBuild(buildName).Judgement);

    private static void Judged(Judgement judgement)
    {
        switch (judgement.Kind)
        {
            case JudgementKind.Fails:
                Assert.Fail(judgement.Message);
                break;
            case JudgementKind.Inconclusive:
                Assert.Skip(judgement.Message);
                break;
            case JudgementKind.Passes when judgement.Message.Length > 0:
                TestContext.Current.AddWarning(judgement.Message);
                break;
        }
    }
}
