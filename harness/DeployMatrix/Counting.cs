using System.Globalization;

namespace DeployMatrix;

/// <summary>Words for how many: a count with its noun, a list of alternatives.</summary>
internal static class Counting
{
    /// <summary>A count with its noun, in the plural where it takes one: "1 cell", "3 cells", "2 binaries".</summary>
    public static string Of(int count, string noun)
    {
        ArgumentNullException.ThrowIfNull(noun);
        var plural = count == 1 ? noun
            : noun.EndsWith('y') && !noun.EndsWith("ey", StringComparison.Ordinal) ? noun[..^1] + "ies"
            : noun + "s";
        return string.Create(CultureInfo.InvariantCulture, $"{count} {plural}");
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    public static string Alternatives(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count < 2 ? string.Join("", list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }
}
