namespace DeployMatrix.Matrix;

/// <summary>What a matrix value is, as <c>deploymatrix config --keys</c> describes it: <c>size, at most 1024g</c>.</summary>
internal abstract class ValueKind(string description, bool takesEmpty)
{
    public string Description { get; } = description;

    /// <summary>Whether the empty text is a value of the kind (a replacement that removes) rather than none.</summary>
    public bool TakesEmpty { get; } = takesEmpty;
}

/// <summary>A kind of value and how its text is read; text that is not of the kind is a <see cref="ValueProblem"/>.</summary>
internal sealed class ValueKind<T>(string description, Func<string, T> parse, bool takesEmpty = false) : ValueKind(description, takesEmpty)
{
    /// <exception cref="ValueProblem">The text is not of this kind; its message says what would be.</exception>
    public T Parse(string text) => parse(text);
}

/// <summary>Why a text is not a value of its kind, for the reader to name with the key and where it came from.</summary>
internal sealed class ValueProblem(string problem) : Exception(problem);
