using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Matrix;

/// <summary>The matrices of this repository as the specs read them.</summary>
internal static class RepositoryMatrices
{
    /// <summary>The default matrix, matrix.yaml; DEPLOYMATRIX_FILTER__* narrow it.</summary>
    public static MatrixDefinition Default { get; } = Load("matrix.yaml");

    /// <summary>The matrix file <paramref name="file"/>, relative to the repository's root.</summary>
    public static MatrixDefinition Load(string file) => MatrixReader.Load(HarnessAssets.Locate().Root, [], file);
}
