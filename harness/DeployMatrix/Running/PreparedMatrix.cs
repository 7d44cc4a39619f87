using System.Collections.Concurrent;
using DeployMatrix.Elf;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>A matrix ready to run or to predict: its binaries read once, every cell's prediction, and each selected cell planned once.</summary>
internal sealed class PreparedMatrix
{
    private static readonly IReadOnlyDictionary<string, ElfFile> EmptyBundle = new Dictionary<string, ElfFile>();

    private readonly ConcurrentDictionary<string, ElfFile> _binaries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, ElfFile>> _bundles = new(StringComparer.Ordinal);
    private Dictionary<string, CellPlan> _plans = [];

    private PreparedMatrix(MatrixDefinition matrix) => Matrix = matrix;

    public MatrixDefinition Matrix { get; }

    public MatrixPredictions Predictions { get; private set; } = null!;

    /// <summary>The plans of the selected cells, in matrix order.</summary>
    public IEnumerable<CellPlan> Plans => _plans.Values;

    /// <summary>
    /// Reads the binaries, predicts every cell of the matrix (whatever its filter) and plans the selected ones.
    /// </summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="imageOf">The image a cell runs in here; asked once per cell.</param>
    /// <param name="fingerprintOf">The fingerprint of an image for a platform.</param>
    public static PreparedMatrix Plan(MatrixDefinition matrix, Func<MatrixCell, TargetImage> imageOf, Func<TargetImage, Platforms.Platform, ImageFingerprint> fingerprintOf)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(imageOf);
        ArgumentNullException.ThrowIfNull(fingerprintOf);
        var images = matrix.AllCells().ToDictionary(cell => cell.Name, imageOf, StringComparer.Ordinal);
        var prepared = new PreparedMatrix(matrix);
        prepared.Predictions = MatrixPredictions.Build(matrix, cell => fingerprintOf(images[cell.Name], cell.Platform), prepared.Binary, prepared.Bundle);
        prepared._plans = matrix.Cells().ToDictionary(cell => cell.Name, cell => new CellPlan(cell, images[cell.Name], prepared.Predicted(cell)), StringComparer.Ordinal);
        return prepared;
    }

    /// <summary>The plan of a selected cell.</summary>
    public CellPlan PlanOf(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return _plans[cell.Name];
    }

    public ElfFile Binary(string path) => _binaries.GetOrAdd(path, ElfFile.Read);

    /// <summary>The ELF files shipped with a cell's binary, by their paths in the container; none when it ships alone.</summary>
    public IReadOnlyDictionary<string, ElfFile> Bundle(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.BundlePath is null ? EmptyBundle : _bundles.GetOrAdd(cell.BundlePath, _ => cell.Binary.ReadBundle(cell.Platform));
    }

    private CellPrediction Predicted(MatrixCell cell)
    {
        var target = Predictions.For(cell);
        return new CellPrediction(
            target.Prediction, Binary(cell.BinaryPath), target.Image, cell.Platform, Predictions.CompatibilityOf(cell.Binary, cell.Case, cell.Platform));
    }
}
