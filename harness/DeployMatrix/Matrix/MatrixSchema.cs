namespace DeployMatrix.Matrix;

/// <summary>
/// Every key a matrix may hold, as configuration paths with <c>*</c> for a list index or a free name. A key outside
/// it is a typo or a misunderstanding, and stops the run before anything starts.
/// </summary>
internal static class MatrixSchema
{
    private static readonly string[] Keys =
    [
        "matrix",
        "snapshots",
        "fingerprints",
        "defaults:timeout",
        "defaults:pull",
        "binaries:*:name",
        "binaries:*:path",
        "binaries:*:bundle",
        "binaries:*:platforms:*",
        "binaries:*:cases:*:name",
        "binaries:*:cases:*:args:*",
        "binaries:*:cases:*:env:*",
        "binaries:*:cases:*:stdin",
        "binaries:*:cases:*:timeout",
        "binaries:*:cases:*:scrubbers:*:pattern",
        "binaries:*:cases:*:scrubbers:*:replacement",
        "binaries:*:cases:*:scrubbers:*:timeout",
        "binaries:*:scrubbers:*:pattern",
        "binaries:*:scrubbers:*:replacement",
        "binaries:*:scrubbers:*:timeout",
        "scrubbers:*:pattern",
        "scrubbers:*:replacement",
        "scrubbers:*:timeout",
        "targets:*:name",
        "targets:*:image",
        "targets:*:platforms:*",
        "targets:*:pull",
        "runner:parallel",
        "runner:memory",
        "runner:processes",
        "runner:cpus",
        "runner:output",
        "runner:scratch",
        "runner:root",
        "runner:root-size",
        "runner:open-files",
        "runner:writable:*",
        "runner:runtime",
        "filter:binaries:*",
        "filter:targets:*",
        "filter:platforms:*",
        "filter:shard",
        "host:platform",
        "host:emulated:*",
    ];

    /// <summary>Whether <paramref name="path"/> is a key of the schema or a section on the way to one.</summary>
    public static bool Allows(string path) => Keys.Any(key => Matches(Segments(key), Segments(path)));

    /// <summary>Whether <paramref name="path"/> holds a single value: a key of the schema with nothing below it.</summary>
    public static bool IsValue(string path) =>
        path.Length > 0 && Keys.Select(Segments).Any(key => key.Length == Segments(path).Length && Matches(key, Segments(path)))
        && !Keys.Select(Segments).Any(key => key.Length > Segments(path).Length && Matches(key, Segments(path)));

    /// <summary>The keys that may stand beside <paramref name="path"/>, for the error message.</summary>
    public static IEnumerable<string> Siblings(string path)
    {
        var parent = Segments(path)[..^1];
        return Keys.Select(Segments)
            .Where(key => key.Length > parent.Length && Matches(key[..parent.Length], parent))
            .Select(key => key[parent.Length])
            .Where(name => name != "*")
            .Distinct();
    }

    private static string[] Segments(string path) => path.Split(':');

    // A prefix of a key matches too: "binaries:0" is the section holding "binaries:0:name". A list given as one
    // comma-separated value ("filter:targets") stops at the list's own name, so that matches as a prefix as well.
    private static bool Matches(string[] key, string[] path) =>
        path.Length <= key.Length && path.Select((segment, i) => key[i] == "*" || string.Equals(key[i], segment, StringComparison.OrdinalIgnoreCase)).All(m => m);
}
