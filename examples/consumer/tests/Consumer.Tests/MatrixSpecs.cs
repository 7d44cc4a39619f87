using DeployMatrix.Xunit;

[assembly: AssemblyFixture(typeof(DeployMatrixFixture))]

namespace Consumer.Tests;

/// <summary>
/// Every cell of matrix.yaml, run in a container and compared with its snapshot; and where each build runs, by
/// distribution family, predicted from recorded facts and compared with its snapshot.
/// </summary>
public sealed class MatrixSpecs(DeployMatrixFixture deployMatrix)
{
    [Theory]
    [MatrixCells("matrix.yaml")]
    public Task Cell_matches_its_snapshot(string cell) => deployMatrix.AssertCellMatchesSnapshotAsync(cell, "matrix.yaml");

    [Theory]
    [MatrixDistributions("matrix.yaml")]
    public void Builds_distribution_table_matches_its_snapshot(string build) => deployMatrix.AssertDistributionsMatchSnapshot(build, "matrix.yaml");
}
