namespace DeployMatrix.Matrix;

/// <summary>What has a snapshot of its own: a cell, or a build's distribution table.</summary>
internal interface ISnapshotSubject
{
    /// <summary>How reports, tests and <c>accept --cell</c> name it.</summary>
    string Name { get; }

    /// <summary>Its snapshot's file name without the extension, unique within a matrix.</summary>
    string FileStem { get; }
}
