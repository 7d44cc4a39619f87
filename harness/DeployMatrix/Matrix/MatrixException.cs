namespace DeployMatrix.Matrix;

/// <summary>A matrix that cannot be run as written: names the source (file or override), the key and the value.</summary>
public sealed class MatrixException(string source, string key, string problem)
    : DeployMatrixException($"{source}: {key}: {problem}")
{
    public string Origin { get; } = source;

    public string Key { get; } = key;
}
