using System.Globalization;

namespace DeployMatrix.Matrix;

/// <summary>
/// One of <see cref="Count"/> parts of a matrix, for splitting a large matrix over several CI jobs: the cells whose
/// position among the selected cells is <see cref="Number"/> - 1 modulo <see cref="Count"/>. Taking every
/// <see cref="Count"/>-th cell spreads slow targets and platforms evenly over the jobs.
/// </summary>
internal sealed record Shard(int Number, int Count)
{
    /// <summary>Reads <c>2/3</c>; null when the text is not a shard.</summary>
    public static Shard? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        return parts.Length == 2
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
               && count >= 1 && number >= 1 && number <= count
            ? new Shard(number, count)
            : null;
    }

    public bool Holds(int position) => position % Count == Number - 1;

    public override string ToString() => $"{Number}/{Count}";
}
