using System.Reflection;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace DeployMatrix.Xunit;

/// <summary>
/// The builds of a matrix file's binaries as theory data: one test per binary and platform, named
/// <c>binary @ platform (distributions)</c>, whose distribution table (where it runs, by distribution family, from
/// recorded facts) is compared with its snapshot. The file is found by walking up from the test assembly's directory.
/// </summary>
/// <param name="matrixFile">The matrix file, relative to the test project or a directory above it.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class MatrixDistributionsAttribute(string matrixFile = "matrix.yaml") : DataAttribute
{
    /// <summary>The matrix file the builds come from.</summary>
    public string MatrixFile { get; } = matrixFile;

    /// <inheritdoc />
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        IReadOnlyCollection<ITheoryDataRow> rows =
        [
            .. MatrixFiles.Load(MatrixFile).Builds().Select(build => new TheoryDataRow<string>(build.Name) { TestDisplayName = build.Name }),
        ];
        return new(rows);
    }

    /// <inheritdoc />
    public override bool SupportsDiscoveryEnumeration() => true;
}
