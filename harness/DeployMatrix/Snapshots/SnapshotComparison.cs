namespace DeployMatrix.Snapshots;

/// <summary>How a run's text compares with a cell's verified snapshot; <see cref="Diff"/> when it changed.</summary>
internal sealed record SnapshotComparison(SnapshotState State, string? Diff);
