namespace DeployMatrix.Matrix;

/// <summary>
/// One key of a matrix, written once in <see cref="MatrixSchema"/>: its name, the sections it stands in, the kind of
/// its value, its default and what it is for. Reading, the built-in defaults, <c>deploymatrix config --keys</c>, the
/// README's table of keys and the bad-input messages all come from it.
/// </summary>
internal abstract class MatrixKey
{
    protected MatrixKey(string name, KeyShape shape, string help, string[] sections)
    {
        Name = name;
        Shape = shape;
        Help = help;
        Sections = sections.Length > 0 ? sections : [""];
    }

    /// <summary>The key's own name: <c>timeout</c>.</summary>
    public string Name { get; }

    public KeyShape Shape { get; }

    /// <summary>What the key is for, in a sentence or two.</summary>
    public string Help { get; }

    /// <summary>
    /// Where the key stands, <c>*</c> for an item of a list: <c>defaults</c>, <c>binaries:*:cases:*</c>; the empty
    /// section is the top of the file.
    /// </summary>
    public IReadOnlyList<string> Sections { get; }

    public abstract ValueKind Kind { get; }

    /// <summary>The value when no layer gives one, as a matrix would write it; for a list, its items joined by commas.</summary>
    public string? Default { get; init; }

    /// <summary>The default in words, where its value depends on the machine: <c>twice the cores, at least 2</c>.</summary>
    public string? DefaultWords { get; init; }

    /// <summary>The key whose value counts where this one is not given: a case's timeout falls back to <c>defaults:timeout</c>.</summary>
    public MatrixKey? Fallback { get; init; }

    /// <summary>Non-null when the key must be given: what to give, for the message (empty for the key alone).</summary>
    public string? Required { get; init; }

    /// <summary>Its configuration paths, one per section: <c>binaries:*:cases:*:timeout</c>; a list's items end in <c>:*</c>.</summary>
    public IEnumerable<string> Patterns => Sections.Select(section => Shape == KeyShape.Value ? At(section) : $"{At(section)}:*");

    /// <summary>The key in <paramref name="section"/>, a concrete one (<c>binaries:0:cases:1</c>) or the top of the file.</summary>
    public string At(string section) => section.Length == 0 ? Name : $"{section}:{Name}";

    /// <summary>The key in its only section, for keys outside lists.</summary>
    public string Path => Sections.Count == 1 && !Sections[0].Contains('*', StringComparison.Ordinal)
        ? At(Sections[0])
        : throw new InvalidOperationException($"{Name} stands in {string.Join(", ", Sections)}: name the section");
}

/// <summary>A key whose value (or each item of its list, or each value of its mapping) is a <typeparamref name="T"/>.</summary>
internal sealed class MatrixKey<T>(string name, KeyShape shape, ValueKind<T> kind, string help, params string[] sections)
    : MatrixKey(name, shape, help, sections)
{
    public MatrixKey(string name, ValueKind<T> kind, string help, params string[] sections)
        : this(name, KeyShape.Value, kind, help, sections)
    {
    }

    public override ValueKind<T> Kind { get; } = kind;
}

/// <summary>How a key's value is written.</summary>
internal enum KeyShape
{
    /// <summary>One value.</summary>
    Value,

    /// <summary>A YAML sequence, or one comma-separated value as an environment variable gives it.</summary>
    List,

    /// <summary>Names of the user's choosing, each with a value: a case's <c>env</c>.</summary>
    Mapping,
}
