namespace DeployMatrix.Distributions;

/// <summary>
/// How releases are grouped into the rows of a compatibility table, and in which order: distributions that share a
/// lineage and a numbering (RHEL and its rebuilds) are one row. A family not listed keeps its own key as its name.
/// </summary>
internal static class DistributionFamilies
{
    /// <summary>Row name by family key, in the table's order.</summary>
    private static readonly (string Key, string Row)[] Rows =
    [
        ("debian", "Debian"),
        ("ubuntu", "Ubuntu"),
        ("rhel", "RHEL and rebuilds"),
        ("rhel-rebuilds", "RHEL and rebuilds"),
        ("centos", "CentOS"),
        ("amazon", "Amazon Linux"),
        ("fedora", "Fedora"),
        ("opensuse", "openSUSE"),
        ("alpine", "Alpine"),
        ("photon", "Photon OS"),
        ("mageia", "Mageia"),
        ("alt", "ALT Linux"),
        ("slackware", "Slackware"),
        ("archlinux", "Arch Linux"),
        ("manylinux", "manylinux (PyPA build images)"),
        ("other", "Others"),
    ];

    /// <summary>The family of an os-release <c>ID</c>, for a team's own fingerprints; an ID not listed is its own family.</summary>
    private static readonly Dictionary<string, string> OsReleaseIds = new(StringComparer.Ordinal)
    {
        ["debian"] = "debian",
        ["ubuntu"] = "ubuntu",
        ["rhel"] = "rhel",
        ["rocky"] = "rhel-rebuilds",
        ["almalinux"] = "rhel-rebuilds",
        ["ol"] = "rhel-rebuilds",
        ["centos"] = "centos",
        ["amzn"] = "amazon",
        ["fedora"] = "fedora",
        ["opensuse-leap"] = "opensuse",
        ["opensuse-tumbleweed"] = "opensuse",
        ["sles"] = "opensuse",
        ["alpine"] = "alpine",
        ["photon"] = "photon",
    };

    /// <summary>What a family key of releases fingerprinted by a team starts with: its rows stand apart from the recorded ones.</summary>
    private const string Fingerprinted = "fingerprinted:";

    /// <summary>Rows whose distributions number their releases alike, so that "8" means the same release of each.</summary>
    private static readonly string[] SharedNumbering = ["RHEL and rebuilds"];

    /// <summary>The family key of a release a team fingerprinted, by its os-release <c>ID</c>.</summary>
    public static string OfFingerprinted(string osReleaseId) => Fingerprinted + OsReleaseIds.GetValueOrDefault(osReleaseId, osReleaseId);

    /// <summary>The row a family's releases go in: <c>RHEL and rebuilds</c>, <c>Debian (fingerprinted)</c>.</summary>
    public static string RowOf(string family) => family.StartsWith(Fingerprinted, StringComparison.Ordinal)
        ? RowOf(family[Fingerprinted.Length..]) + FingerprintedRow
        : Rows.FirstOrDefault(r => r.Key == family).Row ?? family;

    public static bool SharesNumbering(string row) => SharedNumbering.Contains(row);

    /// <summary>Where a row stands in the table: listed rows in their order, each followed by its fingerprinted one, then the rest.</summary>
    public static int OrderOf(string row)
    {
        var fingerprinted = row.EndsWith(FingerprintedRow, StringComparison.Ordinal);
        var recorded = fingerprinted ? row[..^FingerprintedRow.Length] : row;
        var at = Array.FindIndex(Rows, r => r.Row == recorded) is var found and >= 0 ? found : Rows.Length;
        return (2 * at) + (fingerprinted ? 1 : 0);
    }

    private const string FingerprintedRow = " (fingerprinted)";
}
