namespace DeployMatrix.Matrix;

/// <summary>
/// A matrix that cannot be run as written: names the source (file or override), the key (or the line and column;
/// empty for the file as a whole) and the value.
/// </summary>
public sealed class MatrixException(string source, string key, string problem)
    : DeployMatrixException(key.Length > 0 ? $"{source}: {key}: {problem}" : $"{source}: {problem}")
{
    public string Origin { get; } = source;

    public string Key { get; } = key;
}
