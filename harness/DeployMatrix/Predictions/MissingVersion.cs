namespace DeployMatrix.Predictions;

/// <summary>A symbol version the binary needs that the image's library does not define, with the symbols that need it.</summary>
/// <param name="Library">The library as the binary names it: <c>libc.so.6</c>.</param>
/// <param name="Version"><c>GLIBC_2.34</c>, <c>GLIBCXX_3.4.30</c>, <c>OPENSSL_3.0.0</c>.</param>
/// <param name="Symbols">The imported symbols bound to that version: <c>__libc_start_main</c>.</param>
/// <param name="NewestDefined">The newest version of the same family the image's library does define, if any.</param>
public sealed record MissingVersion(string Library, string Version, IReadOnlyList<string> Symbols, string? NewestDefined)
{
    /// <summary><c>GLIBC_2.34 (libc.so.6) needed by __libc_start_main; the image's libc.so.6 goes up to GLIBC_2.31</c>.</summary>
    public string Describe()
    {
        var needers = Symbols.Count == 0 ? "needed by the file itself (no symbol)" : $"needed by {string.Join(", ", Symbols)}";
        var newest = NewestDefined is null ? "" : $"; the image's {Library} goes up to {NewestDefined}";
        return $"{Version} ({Library}) {needers}{newest}";
    }
}
