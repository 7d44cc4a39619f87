using DeployMatrix.Matrix;

namespace DeployMatrix.Snapshots;

/// <summary>What a reviewer is told of one comparison under a <see cref="SnapshotPolicy"/>: whether it fails, and why.</summary>
/// <param name="Fails">Whether the cell fails.</param>
/// <param name="Message">What to review and how to accept it, with the line diff of a change; empty for a match.</param>
internal sealed record SnapshotReview(bool Fails, string Message)
{
    /// <summary>The review of <paramref name="comparison"/>, the comparison of <paramref name="cell"/> of <paramref name="matrix"/>.</summary>
    public static SnapshotReview Of(SnapshotComparison comparison, MatrixDefinition matrix, ISnapshotSubject cell, SnapshotPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(policy);
        var store = new SnapshotStore(matrix.SnapshotDirectory);
        var accept = $"accept it with: {AcceptCommand(matrix, cell)}";
        var fails = policy.Fails(comparison.State);
        return comparison.State switch
        {
            SnapshotState.Changed => new(fails,
                $"The snapshot changed. Received: {store.ReceivedPath(cell)}\nVerified: {store.VerifiedPath(cell)}\n" +
                $"Review the change, then {accept}\n\n{comparison.Diff}"),
            SnapshotState.New when fails => new(fails,
                $"New snapshot, not accepted on a build server (CI is set). Review {store.ReceivedPath(cell)}, then {accept}"),
            SnapshotState.New => new(fails, $"New snapshot. Review {store.ReceivedPath(cell)}, then {accept}"),
            _ => new(fails, ""),
        };
    }

    /// <summary>The command that accepts one cell's (or build's) received snapshot, run from the current directory.</summary>
    public static string AcceptCommand(MatrixDefinition matrix, ISnapshotSubject cell)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(cell);
        return $"deploymatrix accept {MatrixSources.DisplayPath(matrix.File)} --cell '{cell.Name}'";
    }
}
