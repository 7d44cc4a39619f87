namespace DeployMatrix.Snapshots;

internal enum SnapshotState
{
    /// <summary>The run gave the verified text.</summary>
    Matches,

    /// <summary>The cell has no verified snapshot yet.</summary>
    New,

    /// <summary>The run gave another text than the verified one.</summary>
    Changed,

    /// <summary>
    /// The run was inconclusive under emulation: it says nothing about the binary, so it is not compared and the
    /// verified snapshot (from a machine of the platform) is left as it was.
    /// </summary>
    NotCompared,
}
