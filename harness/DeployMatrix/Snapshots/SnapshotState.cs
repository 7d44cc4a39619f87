namespace DeployMatrix.Snapshots;

public enum SnapshotState
{
    /// <summary>The run gave the verified text.</summary>
    Matches,

    /// <summary>The cell has no verified snapshot yet.</summary>
    New,

    /// <summary>The run gave another text than the verified one.</summary>
    Changed,
}
