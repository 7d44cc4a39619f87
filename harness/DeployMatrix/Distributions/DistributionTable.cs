using DeployMatrix.Elf;
using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Distributions;

/// <summary>
/// Where one build of a binary runs, by distribution family: for each, the oldest release it starts on and the newest
/// it does not, with why. Predicted from the binary's ELF file and recorded facts (<see cref="DistributionCatalog"/>),
/// never run; the same on every host.
/// </summary>
internal sealed record DistributionTable(Platform Platform, IReadOnlyList<FamilyOutlook> Families, IReadOnlyList<string> Sources)
{
    /// <summary>What every rendering of the table says of where it comes from.</summary>
    public const string Provenance = "predicted from recorded symbol versions and libraries, not run";

    public static DistributionTable Of(
        DistributionCatalog catalog, ElfFile binary, Platform platform, string programPath,
        IReadOnlyDictionary<string, ElfFile>? bundle = null, IReadOnlyList<string>? libraryPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var outlooks = catalog.For(platform)
            .Select(release => ReleaseOutlook.Of(release, binary, programPath, bundle ?? new Dictionary<string, ElfFile>(), libraryPath ?? []))
            .ToList();
        var families = outlooks
            .GroupBy(outlook => DistributionFamilies.RowOf(outlook.Release.Family))
            .OrderBy(family => DistributionFamilies.OrderOf(family.Key))
            .ThenBy(family => family.Key, StringComparer.Ordinal)
            .Select(family => FamilyOutlook.Of(family.Key, [.. family]))
            .ToList();
        return new DistributionTable(platform, families, catalog.Sources);
    }

    /// <summary>The table of a matrix binary's build for <paramref name="platform"/>, shipped with its bundle, started as its first case starts it.</summary>
    public static DistributionTable Of(DistributionCatalog catalog, BinaryDefinition binary, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(binary);
        return Of(catalog, ElfFile.Read(binary.PathFor(platform)), platform, binary.ProgramPath(platform), binary.ReadBundle(platform), binary.Cases[0].LibraryPath);
    }

    /// <summary>One line per family, as snapshots and the command line show them.</summary>
    public IEnumerable<string> Lines()
    {
        var width = Families.Count == 0 ? 0 : Families.Max(family => family.Name.Length) + 2;
        return Families.Select(family => $"{(family.Name + ":").PadRight(width)}{family.Summary}");
    }
}
