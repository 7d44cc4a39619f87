namespace DeployMatrix.Matrix;

/// <summary>A matrix as read and checked: binaries, targets, how to run them, where their snapshots go.</summary>
public sealed record MatrixDefinition(
    string File,
    IReadOnlyList<BinaryDefinition> Binaries,
    IReadOnlyList<TargetDefinition> Targets,
    RunnerSettings Runner,
    MatrixFilter Filter,
    string SnapshotDirectory)
{
    /// <summary>Every cell the filter selects, in matrix order: binary, case, target, platform.</summary>
    public IReadOnlyList<MatrixCell> Cells() =>
    [
        .. from binary in Binaries
           from runCase in binary.Cases
           from target in Targets
           from platform in target.Platforms
           where binary.Platforms.Contains(platform)
           let cell = new MatrixCell(binary, runCase, target, platform)
           where Filter.Selects(cell)
           select cell,
    ];
}
