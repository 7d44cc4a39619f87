using DeployMatrix.Distributions;
using DeployMatrix.Matrix;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Reports;

/// <summary>
/// Where one build of a binary runs, by distribution family, as reports show it: predicted from recorded facts (the
/// same table its snapshot holds), with how that snapshot compared.
/// </summary>
/// <param name="Name">The build as reports and <c>accept --cell</c> name it: <c>hello @ linux-amd64 (distributions)</c>.</param>
/// <param name="Families">One row per family, in the table's order.</param>
/// <param name="Sources">Where the recorded facts come from.</param>
internal sealed record BuildDistributions(
    string Name, string Binary, string Platform, IReadOnlyList<FamilyRow> Families, SnapshotState Snapshot, IReadOnlyList<string> Sources)
{
    public static BuildDistributions Of(BinaryBuild build, DistributionTable table, SnapshotComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(comparison);
        return new BuildDistributions(
            build.Name, build.Binary.Name, build.Platform.Name,
            [.. table.Families.Select(family => new FamilyRow(family.Name, family.Summary))], comparison.State, table.Sources);
    }
}

/// <summary>One family's row: <c>RHEL and rebuilds</c>, <c>from 9 (glibc 2.34); not 8 (glibc 2.28): …</c>.</summary>
internal sealed record FamilyRow(string Family, string Summary);
