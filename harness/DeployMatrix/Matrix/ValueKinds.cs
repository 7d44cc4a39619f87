using System.Globalization;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Matrix;

/// <summary>The kinds of value a matrix key holds, each with its range and the words for a value out of it.</summary>
internal static class ValueKinds
{
    public static readonly ValueKind<string> Text = new("text", text => text, takesEmpty: true);

    public static readonly ValueKind<string> Path = new("path, relative to the matrix file", text => text);

    /// <summary>A binary's, case's or target's name: it names snapshot files and tests.</summary>
    public static readonly ValueKind<string> Name = new(
        "name: letters, digits, '-', '_', '.'",
        name => name.Length > 0 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw new ValueProblem($"'{name}' may hold only letters, digits, '-', '_' and '.', and starts with a letter or digit: it names files and tests"));

    public static readonly ValueKind<Platform> Platform = new(
        $"platform: {string.Join(", ", KnownPlatforms.All)}",
        name => KnownPlatforms.Find(name) ?? throw new ValueProblem($"unknown platform '{name}'; known: {string.Join(", ", KnownPlatforms.All)}"));

    /// <summary>An image reference, with <see cref="TargetDefinition.ArchitecturePlaceholder"/> for the architecture.</summary>
    public static readonly ValueKind<string> Image = new(
        $"image reference, {TargetDefinition.ArchitecturePlaceholder} for the architecture",
        image => ImageReference.Problem(image.Replace(TargetDefinition.ArchitecturePlaceholder, "amd64", StringComparison.Ordinal)) is { } problem
            ? throw new ValueProblem($"'{image}' is not an image reference: {problem}; write e.g. debian:12, registry:5000/team/app:1.0, app@sha256:<64 hex digits>, with {TargetDefinition.ArchitecturePlaceholder} for the architecture")
            : image);

    public static readonly ValueKind<Shard> Shard = new(
        "I/N: the I-th of N parts",
        text => Matrix.Shard.Parse(text) ?? throw new ValueProblem($"'{text}' is not a shard; write I/N, the I-th of N parts (1 <= I <= N)"));

    /// <summary>A directory that becomes an empty tmpfs: absolute, not <c>/</c>, not the binary's own.</summary>
    public static readonly ValueKind<string> ScratchDirectory = new(
        "absolute directory",
        directory =>
        {
            if (!directory.StartsWith('/') || directory.Split('/', StringSplitOptions.RemoveEmptyEntries).Length == 0 || directory.Contains("..", StringComparison.Ordinal))
            {
                throw new ValueProblem($"'{directory}' is not a directory to give a scratch tmpfs; write an absolute path such as /tmp or /var/cache/app");
            }

            return directory.TrimEnd('/') != MatrixCell.BinaryDirectory
                ? directory.TrimEnd('/')
                : throw new ValueProblem($"'{directory}' holds the binary, which stays read-only; name a directory inside it (e.g. {MatrixCell.BinaryDirectory}/data) or elsewhere");
        });

    /// <summary><c>500ms</c>, <c>10s</c>, <c>2m</c>: more than 0 and at most <paramref name="most"/>.</summary>
    /// <param name="per">What the limit is for, in the words for a value past it: <c>for one match</c>.</param>
    public static ValueKind<TimeSpan> Duration(TimeSpan most, string per = "") => new(
        $"duration: 500ms, 10s, 2m; at most {Durations.Format(most)}",
        text => !Durations.TryParse(text, out var duration)
            ? throw new ValueProblem($"'{text}' is not a duration; write e.g. 500ms, 10s or 2m (more than 0, at most {Durations.Format(Durations.Longest)})")
            : duration <= most ? duration
            : throw new ValueProblem($"'{text}' is too long {per}: at most {Durations.Format(most)}"));

    public static ValueKind<int> WholeNumber(int least, int most) => new(
        $"whole number, {least} to {most}",
        text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least && n <= most
            ? n
            : throw new ValueProblem($"'{text}' is not a whole number from {least} to {most}"));

    /// <summary>Bytes, or with a unit: <c>64k</c>, <c>256m</c>, <c>1g</c>.</summary>
    public static ValueKind<long> Size(long most) => new(
        $"size: 65536, 64k, 256m, 1g; at most {Sizes.Format(most)}",
        text =>
        {
            var trimmed = text.Trim().ToLowerInvariant();
            var multiplier = trimmed.Length > 0 && Sizes.Units.TryGetValue(trimmed[^1], out var unit) ? unit : 1;
            var digits = multiplier == 1 ? trimmed : trimmed[..^1];
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            {
                throw new ValueProblem($"'{text}' is not a size; write e.g. 65536, 64k, 256m or 1g");
            }

            return amount <= most / multiplier ? amount * multiplier : throw new ValueProblem($"'{text}' is too large: at most {Sizes.Format(most)}");
        });

    /// <summary>One of a few words, each with what it means.</summary>
    /// <param name="noun">What the value is, with its article: <c>a root file system</c>.</param>
    public static ValueKind<T> Choice<T>(string noun, params (string Name, T Value, string Meaning)[] choices) => new(
        string.Join(", ", choices.Select(c => $"{c.Name} ({c.Meaning})")),
        text => choices.FirstOrDefault(c => string.Equals(c.Name, text, StringComparison.OrdinalIgnoreCase)) is { Name: not null } choice
            ? choice.Value
            : throw new ValueProblem($"'{text}' is not {noun}; write {Counting.Alternatives(choices.Select(c => $"{c.Name} ({c.Meaning})"))}"));
}
