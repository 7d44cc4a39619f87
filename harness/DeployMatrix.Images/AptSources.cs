namespace DeployMatrix.Images;

/// <summary>
/// Reads this machine's apt configuration to find the Debian archive it installs from. Images are bootstrapped from
/// that same mirror, so the project never has to name one.
/// </summary>
internal static class AptSources
{
    /// <summary>
    /// The URI serving the host release's main suite (<c>bookworm</c>; not <c>bookworm-security</c> nor
    /// <c>-updates</c>), from <c>etc/apt/sources.list</c>, <c>sources.list.d/*.list</c> and deb822
    /// <c>sources.list.d/*.sources</c> under <paramref name="root"/>.
    /// </summary>
    public static Uri FindDebianMirror(string root = "/")
    {
        var codename = ReadCodename(Path.Combine(root, "etc/os-release"));
        var aptDirectory = Path.Combine(root, "etc/apt");
        var listFiles = new[] { Path.Combine(aptDirectory, "sources.list") }
            .Concat(Files(Path.Combine(aptDirectory, "sources.list.d"), "*.list"));
        var entries = listFiles.SelectMany(ReadOneLineFormat)
            .Concat(Files(Path.Combine(aptDirectory, "sources.list.d"), "*.sources").SelectMany(ReadDeb822Format));

        return entries.FirstOrDefault(e => e.Types.Contains("deb") && e.Suites.Contains(codename))?.Uris[0]
               ?? throw new DeployMatrixException(
                   $"No Debian archive for {codename} in this machine's apt sources ({aptDirectory}/sources.list, " +
                   "sources.list.d/*.list, sources.list.d/*.sources); images are bootstrapped from it. Add an entry such as " +
                   $"`deb http://<debian mirror>/debian {codename} main` and run apt-get update.");
    }

    private static string ReadCodename(string osRelease)
    {
        const string key = "VERSION_CODENAME=";
        var line = File.Exists(osRelease)
            ? File.ReadLines(osRelease).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))
            : null;
        var codename = line?[key.Length..].Trim('"', '\'', ' ');
        return string.IsNullOrEmpty(codename)
            ? throw new DeployMatrixException(
                $"{osRelease} names no VERSION_CODENAME: cannot tell which Debian release's archive apt uses")
            : codename;
    }

    private static IEnumerable<string> Files(string directory, string pattern) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal) : [];

    /// <summary><c>deb [option=value ...] URI SUITE COMPONENT...</c>, one source a line.</summary>
    private static IEnumerable<SourceEntry> ReadOneLineFormat(string file)
    {
        if (!File.Exists(file))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(file))
        {
            var words = line.Split('#', 2)[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
            if (words.Count > 1 && words[1].StartsWith('['))
            {
                var optionsEnd = words.FindIndex(1, w => w.EndsWith(']'));
                words.RemoveRange(1, optionsEnd < 0 ? words.Count - 1 : optionsEnd);
            }

            if (words.Count >= 3 && Uri.TryCreate(words[1], UriKind.Absolute, out var uri))
            {
                yield return new SourceEntry([words[0]], [uri], [words[2]]);
            }
        }
    }

    /// <summary>Stanzas of <c>Field: value</c> lines separated by blank lines; indented lines continue a field.</summary>
    private static IEnumerable<SourceEntry> ReadDeb822Format(string file)
    {
        var stanza = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(file).Append(string.Empty))
        {
            if (line.StartsWith('#') || (line.Length > 0 && char.IsWhiteSpace(line[0]) && line.Trim().Length > 0))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                stanza[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                continue;
            }

            if (line.Trim().Length == 0 && stanza.Count > 0)
            {
                if (ToEntry(stanza) is { } entry)
                {
                    yield return entry;
                }

                stanza.Clear();
            }
        }
    }

    private static SourceEntry? ToEntry(Dictionary<string, string> stanza)
    {
        if (stanza.TryGetValue("Enabled", out var enabled) && enabled.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var uris = Words(stanza, "URIs")
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .ToList();
        return uris.Count == 0 ? null : new SourceEntry(Words(stanza, "Types"), uris, Words(stanza, "Suites"));
    }

    private static List<string> Words(Dictionary<string, string> stanza, string field) =>
        stanza.TryGetValue(field, out var value) ? [.. value.Split(' ', StringSplitOptions.RemoveEmptyEntries)] : [];

    private sealed record SourceEntry(IReadOnlyList<string> Types, IReadOnlyList<Uri> Uris, IReadOnlyList<string> Suites);
}
