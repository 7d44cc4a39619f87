namespace DeployMatrix.Predictions;

/// <summary>A symbol version the binary (or a library shipped with it) needs that the library found does not define.</summary>
/// <param name="Library">The library as the needing file names it: <c>libc.so.6</c>.</param>
/// <param name="Version"><c>GLIBC_2.34</c>, <c>GLIBCXX_3.4.30</c>, <c>OPENSSL_3.0.0</c>.</param>
/// <param name="Symbols">The imported symbols bound to that version: <c>__libc_start_main</c>.</param>
/// <param name="NewestDefined">The newest version of the same family the library found does define, if any.</param>
/// <param name="NeededBy">The bundled library that needs the version, in the container; null for the binary itself.</param>
/// <param name="BundledAt">Where the library lacking the version was found in the bundle; null for the image's own.</param>
internal sealed record MissingVersion(
    string Library, string Version, IReadOnlyList<string> Symbols, string? NewestDefined, string? NeededBy = null, string? BundledAt = null)
{
    /// <summary>Symbols named in <see cref="Describe"/>; a bundled runtime can bind dozens to one version.</summary>
    private const int SymbolsShown = 6;

    /// <summary>
    /// <c>GLIBC_2.34 (libc.so.6) needed by __libc_start_main; the image's libc.so.6 goes up to GLIBC_2.31</c>, and for a
    /// bundled library <c>GLIBC_2.34 (libc.so.6) needed by the bundled /app/lib/libstdc++.so.6 for …</c>.
    /// </summary>
    public string Describe()
    {
        var symbols = Symbols.Count <= SymbolsShown
            ? string.Join(", ", Symbols)
            : $"{string.Join(", ", Symbols.Take(SymbolsShown))} and {Symbols.Count - SymbolsShown} more";
        var needers = (NeededBy, Symbols.Count) switch
        {
            (null, 0) => "needed by the file itself (no symbol)",
            (null, _) => $"needed by {symbols}",
            (_, 0) => $"needed by the bundled {NeededBy} itself (no symbol)",
            _ => $"needed by the bundled {NeededBy} for {symbols}",
        };
        var holder = BundledAt is null ? $"the image's {Library}" : $"the bundled {BundledAt}";
        var newest = NewestDefined is null ? "" : $"; {holder} goes up to {NewestDefined}";
        return $"{Version} ({Library}) {needers}{newest}";
    }
}
