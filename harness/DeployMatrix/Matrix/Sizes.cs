using System.Globalization;

namespace DeployMatrix.Matrix;

/// <summary>Sizes as a matrix writes them: bytes, or a whole number of <c>k</c>, <c>m</c> or <c>g</c> (powers of 1024).</summary>
internal static class Sizes
{
    public static readonly IReadOnlyDictionary<char, long> Units = new Dictionary<char, long> { ['k'] = 1L << 10, ['m'] = 1L << 20, ['g'] = 1L << 30 };

    /// <summary>In the largest unit that holds it whole: <c>256m</c>, <c>1024g</c>, <c>65537</c>.</summary>
    public static string Format(long bytes) =>
        Units.OrderByDescending(u => u.Value).FirstOrDefault(u => bytes % u.Value == 0) is { Key: not '\0' } unit
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / unit.Value}{unit.Key}")
            : bytes.ToString(CultureInfo.InvariantCulture);
}
