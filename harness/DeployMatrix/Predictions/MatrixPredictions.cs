using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Predictions;

/// <summary>
/// The prediction of every cell of a matrix (whatever its filter, so that what a cell says about the rest of the
/// matrix does not depend on which cells run), from the binaries' ELF files and the targets' fingerprints alone.
/// </summary>
internal sealed class MatrixPredictions
{
    // Cases differ for the loader only by their LD_LIBRARY_PATH, so that is what a prediction is kept by.
    private readonly Dictionary<(string Binary, string LibraryPath, string Target, Platform Platform), TargetPrediction> _cells = [];
    private readonly MatrixDefinition _matrix;

    private MatrixPredictions(MatrixDefinition matrix) => _matrix = matrix;

    /// <param name="matrix">The matrix.</param>
    /// <param name="fingerprintOf">The fingerprint of a cell's image; every cell of the matrix is asked for.</param>
    /// <param name="binaryAt">The ELF file at a binary's path, read once by the caller.</param>
    /// <param name="bundleOf">The ELF files shipped with a cell's binary, by their container paths.</param>
    public static MatrixPredictions Build(
        MatrixDefinition matrix,
        Func<MatrixCell, ImageFingerprint> fingerprintOf,
        Func<string, ElfFile> binaryAt,
        Func<MatrixCell, IReadOnlyDictionary<string, ElfFile>> bundleOf)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(fingerprintOf);
        ArgumentNullException.ThrowIfNull(binaryAt);
        ArgumentNullException.ThrowIfNull(bundleOf);
        var predictions = new MatrixPredictions(matrix);
        foreach (var cell in matrix.AllCells())
        {
            var key = Key(cell.Binary, cell.Case, cell.Target, cell.Platform);
            if (!predictions._cells.ContainsKey(key))
            {
                var image = fingerprintOf(cell);
                var prediction = Predictor.Predict(
                    binaryAt(cell.BinaryPath), cell.ProgramPath, image, cell.Platform, bundleOf(cell), cell.Case.LibraryPath);
                predictions._cells[key] = new TargetPrediction(cell.Target.Name, image, prediction);
            }
        }

        return predictions;
    }

    public TargetPrediction For(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return _cells[Key(cell.Binary, cell.Case, cell.Target, cell.Platform)];
    }

    /// <summary>One build of a binary, run as a case, across the matrix's targets of its platform, in matrix order.</summary>
    public BinaryCompatibility CompatibilityOf(BinaryDefinition binary, RunCase runCase, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(binary);
        ArgumentNullException.ThrowIfNull(runCase);
        return new BinaryCompatibility(
            binary.Name,
            platform,
            [.. _matrix.Targets.Where(t => t.Platforms.Contains(platform)).Select(t => _cells[Key(binary, runCase, t, platform)])]);
    }

    private static (string, string, string, Platform) Key(BinaryDefinition binary, RunCase runCase, TargetDefinition target, Platform platform) =>
        (binary.Name, string.Join(':', runCase.LibraryPath), target.Name, platform);
}
