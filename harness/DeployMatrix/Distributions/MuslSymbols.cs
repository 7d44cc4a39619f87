namespace DeployMatrix.Distributions;

/// <summary>
/// The symbols one musl version's libc defines, as far as they are recorded. musl has no symbol versions: a program
/// linked against a newer musl that calls a function an older one lacks stops at start with "symbol not found".
/// </summary>
internal sealed class MuslSymbols
{
    private readonly IReadOnlySet<string>? _surely;
    private readonly IReadOnlySet<string>? _perhaps;

    /// <param name="surely">Symbols the version defines; null when nothing is recorded of it.</param>
    /// <param name="perhaps">Symbols it may or may not define (between two recorded versions); the rest it lacks.</param>
    private MuslSymbols(string version, IReadOnlySet<string>? surely, IReadOnlySet<string>? perhaps)
    {
        Version = version;
        _surely = surely;
        _perhaps = perhaps;
    }

    public string Version { get; }

    /// <summary>
    /// Whether the version's libc defines <paramref name="symbol"/>; null when the record cannot say. From 1.2.4 on,
    /// libc no longer defines the LFS64 names (<c>stat64</c>) and the loader binds them to the plain ones instead
    /// (ldso/dynlink.c, get_lfs64).
    /// </summary>
    public bool? Defines(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var own = _surely is null ? (bool?)null
            : _surely.Contains(symbol) ? true
            : _perhaps?.Contains(symbol) == true ? null
            : false;
        return own == false && symbol.EndsWith("64", StringComparison.Ordinal) && System.Version.Parse(Version) >= LoaderBindsLfs64
            ? Defines(symbol[..^2])
            : own;
    }

    private static readonly Version LoaderBindsLfs64 = new(1, 2, 4);

    /// <summary>
    /// The symbols of each recorded version, read from <c>musl-VERSION.symbols</c>: Debian's builds, with the
    /// differences from upstream musl their header lines name (<c># debian-only: …</c> removed, <c># debian-missing:
    /// …</c> added), since Alpine builds upstream musl.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Recorded(Func<string, Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        var recorded = new SortedDictionary<string, IReadOnlySet<string>>(Comparer<string>.Create((a, b) => System.Version.Parse(a).CompareTo(System.Version.Parse(b))));
        foreach (var version in new[] { "1.2.2", "1.2.3", "1.2.5", "1.2.6" })
        {
            using var reader = new StreamReader(open($"musl-{version}.symbols"));
            var symbols = new HashSet<string>(StringComparer.Ordinal);
            var (onlyDebian, missingInDebian) = (new List<string>(), new List<string>());
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                if (!line.StartsWith('#'))
                {
                    symbols.Add(line.Trim());
                }
                else if (Correction(line, "# debian-only:") is { } only)
                {
                    onlyDebian.AddRange(only);
                }
                else if (Correction(line, "# debian-missing:") is { } missing)
                {
                    missingInDebian.AddRange(missing);
                }
            }

            symbols.ExceptWith(onlyDebian);
            symbols.UnionWith(missingInDebian);
            recorded[version] = symbols;
        }

        return recorded;
    }

    /// <summary>
    /// What is known of <paramref name="version"/>: its own list; between two recorded versions, what both define
    /// surely and what one defines perhaps; before the oldest recorded one, what that one defines perhaps and the rest
    /// not at all; after the newest, what the newest defines.
    /// </summary>
    public static MuslSymbols Of(string version, IReadOnlyDictionary<string, IReadOnlySet<string>> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.TryGetValue(version, out var exact))
        {
            return new MuslSymbols(version, exact, null);
        }

        // musl adds functions and does not take them back: what the oldest recorded version lacks, older ones lack too.
        var wanted = System.Version.Parse(version);
        var older = recorded.LastOrDefault(r => System.Version.Parse(r.Key) < wanted).Value;
        var newer = recorded.FirstOrDefault(r => System.Version.Parse(r.Key) > wanted).Value;
        return (older, newer) switch
        {
            (null, null) => new MuslSymbols(version, null, null),
            (null, { } oldest) => new MuslSymbols(version, new HashSet<string>(), oldest),
            ({ } below, null) => new MuslSymbols(version, below, null),
            ({ } below, { } above) => new MuslSymbols(version, below.Intersect(above).ToHashSet(StringComparer.Ordinal), below.Union(above).ToHashSet(StringComparer.Ordinal)),
        };
    }

    /// <summary>The names of a correction line: <c># debian-only: a b c (why)</c> → a, b, c.</summary>
    private static string[]? Correction(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal)
            ? line[prefix.Length..].Split('(')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : null;
}
