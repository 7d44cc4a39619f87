using System.Globalization;
using System.Text.RegularExpressions;

namespace DeployMatrix.Matrix;

/// <summary>Durations as people write them in a matrix: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>.</summary>
internal static partial class Durations
{
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        // Range-checked in milliseconds first: TimeSpan.From* throws on what no TimeSpan holds (9999999999h).
        var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        var milliseconds = amount * match.Groups["unit"].Value switch
        {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            _ => 3_600_000,
        };
        if (!(milliseconds > 0 && milliseconds <= Longest.TotalMilliseconds))
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds % 1000 != 0 ? $"{duration.TotalMilliseconds:0}ms"
        : duration.TotalSeconds % 60 != 0 || duration < TimeSpan.FromMinutes(1) ? $"{duration.TotalSeconds:0}s"
        : duration.TotalMinutes % 60 != 0 || duration < TimeSpan.FromHours(1) ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalHours:0}h";

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
