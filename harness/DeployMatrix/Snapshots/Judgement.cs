using DeployMatrix.Matrix;
using DeployMatrix.Predictions;
using DeployMatrix.Running;

namespace DeployMatrix.Snapshots;

/// <summary>
/// The one review rule of the command line and the test packages: what a cell's or a build's comparison means for
/// it under a <see cref="SnapshotPolicy"/>, and what its reviewer is told.
/// </summary>
/// <param name="Kind">Whether it passes, fails or could not be decided here.</param>
/// <param name="Message">
/// Why it fails or cannot be decided; for one that passes, what is still to review (a new snapshot on a workstation).
/// Empty for a match.
/// </param>
internal sealed record Judgement(JudgementKind Kind, string Message)
{
    public bool Fails => Kind == JudgementKind.Fails;

    /// <summary>
    /// A cell: its snapshot by the policy, and its run against its prediction (a disagreement nothing explains
    /// fails). A run that is inconclusive under emulation is not decided: its message names the machine that can.
    /// </summary>
    public static Judgement Of(CellResult result, SnapshotComparison comparison, MatrixDefinition matrix, SnapshotPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(comparison);
        var explanation = result.Explanation;
        if (comparison.State == SnapshotState.NotCompared)
        {
            return new(JudgementKind.Inconclusive, $"{result.Verdict.Text}: {explanation.AgreementNote}; {string.Join("; ", explanation.Remedies)}");
        }

        var review = Of(comparison, matrix, result.Cell, policy);
        if (explanation.Agreement != Agreement.Disagrees)
        {
            return review;
        }

        var disagreement = $"The prediction and the run disagree, and nothing explains why: {explanation.AgreementNote}";
        return new(JudgementKind.Fails, review.Message.Length == 0 ? disagreement : $"{disagreement}\n\n{review.Message}");
    }

    /// <summary>A snapshot alone (a cell's, or a build's distribution table) by the policy: a change says what to review and how to accept it.</summary>
    public static Judgement Of(SnapshotComparison comparison, MatrixDefinition matrix, ISnapshotSubject subject, SnapshotPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(policy);
        var store = new SnapshotStore(matrix.SnapshotDirectory);
        var accept = $"accept it with: {AcceptCommand(matrix, subject)}";
        var kind = policy.Fails(comparison.State) ? JudgementKind.Fails : JudgementKind.Passes;
        return comparison.State switch
        {
            SnapshotState.Changed => new(kind,
                $"The snapshot changed. Received: {store.ReceivedPath(subject)}\nVerified: {store.VerifiedPath(subject)}\n" +
                $"Review the change, then {accept}\n\n{comparison.Diff}"),
            SnapshotState.New when kind == JudgementKind.Fails => new(kind,
                $"New snapshot, not accepted on a build server (CI is set). Review {store.ReceivedPath(subject)}, then {accept}"),
            SnapshotState.New => new(kind, $"New snapshot. Review {store.ReceivedPath(subject)}, then {accept}"),
            _ => new(kind, ""),
        };
    }

    /// <summary>The command that accepts one cell's (or build's) received snapshot, run from the current directory.</summary>
    private static string AcceptCommand(MatrixDefinition matrix, ISnapshotSubject subject)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(subject);
        return $"deploymatrix accept {MatrixSources.DisplayPath(matrix.File)} --cell '{subject.Name}'";
    }
}
