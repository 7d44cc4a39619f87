using System.Reflection;
using System.Text.RegularExpressions;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// The test project <c>deploymatrix init --tests DIR</c> writes: one test per cell through the DeployMatrix.Xunit
/// package of this tool's own version.
/// </summary>
internal static partial class TestProjectScaffold
{
    /// <summary>The xunit v3 version the integration package is built against.</summary>
    private const string XunitVersion = "4.0.2";

    /// <summary>The files of the project in <paramref name="directory"/>, by path.</summary>
    public static IReadOnlyDictionary<string, string> Files(string directory)
    {
        var name = Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/'));
        return new Dictionary<string, string>
        {
            [Path.Combine(directory, $"{name}.csproj")] = Project(),
            [Path.Combine(directory, "MatrixSpecs.cs")] = Specs(Namespace(name)),
        };
    }

    /// <summary>This tool's package version, which the DeployMatrix packages share.</summary>
    public static string PackageVersion =>
        typeof(TestProjectScaffold).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    private static string Project() => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <OutputType>Exe</OutputType>
            <IsPackable>false</IsPackable>
            <IsTestProject>true</IsTestProject>
            <UseMicrosoftTestingPlatformRunner>true</UseMicrosoftTestingPlatformRunner>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="DeployMatrix.Xunit" Version="{PackageVersion}" />
            <PackageReference Include="xunit.v3" Version="{XunitVersion}" />
          </ItemGroup>
          <ItemGroup>
            <Using Include="Xunit" />
          </ItemGroup>
        </Project>

        """;

    private static string Specs(string rootNamespace) => $$"""
        using DeployMatrix.Xunit;

        [assembly: AssemblyFixture(typeof(DeployMatrixFixture))]

        namespace {{rootNamespace}};

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

        """;

    private static string Namespace(string name)
    {
        var identifier = NotIdentifier().Replace(name, "_");
        return char.IsAsciiDigit(identifier[0]) ? "_" + identifier : identifier;
    }

    [GeneratedRegex("[^A-Za-z0-9_.]")]
    private static partial Regex NotIdentifier();
}
