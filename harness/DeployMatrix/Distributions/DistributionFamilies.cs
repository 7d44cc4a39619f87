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

    /// <summary>Rows whose distributions number their releases alike, so that "8" means the same release of each.</summary>
    private static readonly string[] SharedNumbering = ["RHEL and rebuilds"];

    /// <summary>The row a family's releases go in.</summary>
    public static string RowOf(string family) => Rows.FirstOrDefault(r => r.Key == family).Row ?? family;

    public static bool SharesNumbering(string row) => SharedNumbering.Contains(row);

    /// <summary>Where a row stands in the table: listed rows in their order, then the rest.</summary>
    public static int OrderOf(string row) => Array.FindIndex(Rows, r => r.Row == row) is var at and >= 0 ? at : Rows.Length;
}
