using System.Collections.Concurrent;
using DeployMatrix.Elf;
using DeployMatrix.Matrix;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>A matrix ready to run or to predict: its binaries read once, and every cell's prediction.</summary>
public sealed class PreparedMatrix
{
    private readonly ConcurrentDictionary<string, ElfFile> _binaries = new(StringComparer.Ordinal);

    private PreparedMatrix(MatrixDefinition matrix) => Matrix = matrix;

    public MatrixDefinition Matrix { get; }

    public MatrixPredictions Predictions { get; private set; } = null!;

    /// <summary>Reads the binaries and predicts every cell from the fingerprints <paramref name="fingerprintOf"/> gives.</summary>
    public static PreparedMatrix Predict(MatrixDefinition matrix, Func<MatrixCell, Fingerprints.ImageFingerprint> fingerprintOf)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var prepared = new PreparedMatrix(matrix);
        prepared.Predictions = MatrixPredictions.Build(matrix, fingerprintOf, prepared.Binary);
        return prepared;
    }

    public ElfFile Binary(string path) => _binaries.GetOrAdd(path, ElfFile.Read);
}
