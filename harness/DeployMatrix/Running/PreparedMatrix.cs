using System.Collections.Concurrent;
using DeployMatrix.Elf;
using DeployMatrix.Matrix;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>A matrix ready to run or to predict: its binaries read once, and every cell's prediction.</summary>
internal sealed class PreparedMatrix
{
    private static readonly IReadOnlyDictionary<string, ElfFile> EmptyBundle = new Dictionary<string, ElfFile>();

    private readonly ConcurrentDictionary<string, ElfFile> _binaries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, ElfFile>> _bundles = new(StringComparer.Ordinal);

    private PreparedMatrix(MatrixDefinition matrix) => Matrix = matrix;

    public MatrixDefinition Matrix { get; }

    public MatrixPredictions Predictions { get; private set; } = null!;

    /// <summary>Reads the binaries and predicts every cell from the fingerprints <paramref name="fingerprintOf"/> gives.</summary>
    public static PreparedMatrix Predict(MatrixDefinition matrix, Func<MatrixCell, Fingerprints.ImageFingerprint> fingerprintOf)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var prepared = new PreparedMatrix(matrix);
        prepared.Predictions = MatrixPredictions.Build(matrix, fingerprintOf, prepared.Binary, prepared.Bundle);
        return prepared;
    }

    public ElfFile Binary(string path) => _binaries.GetOrAdd(path, ElfFile.Read);

    /// <summary>The ELF files shipped with a cell's binary, by their paths in the container; none when it ships alone.</summary>
    public IReadOnlyDictionary<string, ElfFile> Bundle(MatrixCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.BundlePath is null ? EmptyBundle : _bundles.GetOrAdd(cell.BundlePath, _ => cell.Binary.ReadBundle(cell.Platform));
    }
}
