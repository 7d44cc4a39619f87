using System.Reflection;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace DeployMatrix.Xunit;

/// <summary>
/// The cells of a matrix file as theory data: one test per cell, named <c>binary/case @ target/platform</c>, its one
/// argument the cell's name. The file is found by walking up from the test assembly's directory.
/// </summary>
/// <param name="matrixFile">The matrix file, relative to the test project or a directory above it.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class MatrixCellsAttribute(string matrixFile = "matrix.yaml") : DataAttribute
{
    /// <summary>The matrix file the cells come from.</summary>
    public string MatrixFile { get; } = matrixFile;

    /// <inheritdoc />
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        IReadOnlyCollection<ITheoryDataRow> rows =
        [
            .. MatrixFiles.Load(MatrixFile).Cells().Select(cell => new TheoryDataRow<string>(cell.Name) { TestDisplayName = cell.Name }),
        ];
        return new(rows);
    }

    /// <inheritdoc />
    public override bool SupportsDiscoveryEnumeration() => true;
}
