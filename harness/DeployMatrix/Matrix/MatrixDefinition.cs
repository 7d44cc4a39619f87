using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>A matrix as read and checked: binaries, targets, how to run them, where their snapshots go.</summary>
/// <param name="Host">A what-if for judging the cells as on another host; <see cref="HostAssumption.None"/> normally.</param>
/// <param name="FingerprintDirectory">A team's fingerprint files (<c>deploymatrix fingerprint</c>), which distribution tables add to the recorded releases; or null.</param>
internal sealed record MatrixDefinition(
    string File,
    IReadOnlyList<BinaryDefinition> Binaries,
    IReadOnlyList<TargetDefinition> Targets,
    RunnerSettings Runner,
    MatrixFilter Filter,
    string SnapshotDirectory,
    HostAssumption Host,
    string? FingerprintDirectory = null)
{
    /// <summary>The directory of the matrix file: relative paths in it, and in snapshots, start there.</summary>
    public string Directory => Path.GetDirectoryName(File)!;

    /// <summary>Every cell the filter (and shard) selects, in matrix order: binary, case, target, platform.</summary>
    public IReadOnlyList<MatrixCell> Cells() => [.. Filter.Apply(AllCells())];

    /// <summary>The builds the selected cells run, each once, in matrix order.</summary>
    public IReadOnlyList<BinaryBuild> Builds() => [.. Cells().Select(cell => new BinaryBuild(cell.Binary, cell.Platform)).Distinct()];

    /// <summary>
    /// The matrix without the binaries the filter selects no cell of. A binary is compared across every target, never
    /// with another binary, so the selected cells come out the same, and the other binaries' files are not read.
    /// </summary>
    public MatrixDefinition WithSelectedBinariesOnly()
    {
        var selected = Cells().Select(cell => cell.Binary).ToHashSet();
        return this with { Binaries = [.. Binaries.Where(selected.Contains)] };
    }

    /// <summary>Every cell of the matrix, whatever the filter: what a binary is compared across.</summary>
    public IReadOnlyList<MatrixCell> AllCells() =>
    [
        .. from binary in Binaries
           from runCase in binary.Cases
           from target in Targets
           from platform in target.Platforms
           where binary.Platforms.Contains(platform)
           select new MatrixCell(binary, runCase, target, platform),
    ];
}
