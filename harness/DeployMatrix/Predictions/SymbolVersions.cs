using System.Text.RegularExpressions;

namespace DeployMatrix.Predictions;

/// <summary>
/// Orders symbol version names within a family: <c>GLIBC_2.9</c> &lt; <c>GLIBC_2.34</c>, <c>GLIBCXX_3.4.29</c> &lt;
/// <c>GLIBCXX_3.4.30</c>. Names that are not a family and a number (<c>GLIBC_PRIVATE</c>) have no order.
/// </summary>
internal static partial class SymbolVersions
{
    /// <summary>Splits <c>GLIBCXX_3.4.30</c> into its family <c>GLIBCXX</c> and number 3.4.30, or null.</summary>
    public static (string Family, Version Number)? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = VersionName().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var parts = match.Groups["number"].Value.Split('.').Select(int.Parse).ToList();
        while (parts.Count < 2)
        {
            parts.Add(0);
        }

        return (match.Groups["family"].Value, new Version(string.Join('.', parts.Take(4))));
    }

    /// <summary>The newest of <paramref name="defined"/> in the same family as <paramref name="wanted"/>, or null.</summary>
    public static string? NewestOfFamily(string wanted, IEnumerable<string> defined)
    {
        ArgumentNullException.ThrowIfNull(defined);
        if (Parse(wanted) is not { } target)
        {
            return null;
        }

        return defined
            .Select(name => (Name: name, Parsed: Parse(name)))
            .Where(d => d.Parsed is { } p && p.Family == target.Family)
            .OrderBy(d => d.Parsed!.Value.Number)
            .Select(d => d.Name)
            .LastOrDefault();
    }

    [GeneratedRegex(@"^(?<family>[A-Za-z][A-Za-z0-9]*)_(?<number>\d+(\.\d+){0,3})$")]
    private static partial Regex VersionName();
}
