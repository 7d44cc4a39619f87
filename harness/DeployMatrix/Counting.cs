using System.Globalization;

namespace DeployMatrix;

/// <summary>A count with its noun, in the plural where it takes one: "1 cell", "3 cells", "2 binaries".</summary>
internal static class Counting
{
    public static string Of(int count, string noun)
    {
        ArgumentNullException.ThrowIfNull(noun);
        var plural = count == 1 ? noun
            : noun.EndsWith('y') && !noun.EndsWith("ey", StringComparison.Ordinal) ? noun[..^1] + "ies"
            : noun + "s";
        return string.Create(CultureInfo.InvariantCulture, $"{count} {plural}");
    }
}
