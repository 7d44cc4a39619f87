using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Fingerprints;

/// <summary>Where each loader looks for a library named without a slash, when nothing (rpath, environment) adds to it.</summary>
internal static class LoaderSearchPath
{
    public const string GlibcConfiguration = "/etc/ld.so.conf";

    /// <summary>musl's built-in path, used when <c>/etc/ld-musl-ARCH.path</c> does not exist.</summary>
    public static readonly IReadOnlyList<string> MuslDefault = ["/lib", "/usr/local/lib", "/usr/lib"];

    private const int MaxIncludeDepth = 16;

    public static string MuslPathFile(Platform platform) => $"/etc/ld-musl-{platform.MuslArchitecture}.path";

    /// <summary>
    /// musl's path file (entries separated by newlines or colons) when the image has one, even an empty one (musl
    /// then searches nothing by default); else musl's built-in path.
    /// </summary>
    public static IReadOnlyList<string> Musl(RootfsScan scan, Platform platform) =>
        scan.TextAt(MuslPathFile(platform)) is { } text
            ? Distinct(text.Split(['\n', ':'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : MuslDefault;

    /// <summary>
    /// The directories of <c>/etc/ld.so.conf</c> (and the files it includes, globs expanded in order), which
    /// ldconfig puts into the cache the loader consults first, then the loader's trusted directories.
    /// </summary>
    public static IReadOnlyList<string> Glibc(RootfsScan scan, Platform platform)
    {
        var configured = new List<string>();
        ReadConfiguration(scan, GlibcConfiguration, configured, [], 0);
        return Distinct([.. configured, .. GlibcTrusted(platform)]);
    }

    /// <summary>
    /// The loader's built-in directories: Debian's multiarch ones, the 64-bit ones RPM distributions use, and the
    /// plain ones every glibc searches.
    /// </summary>
    public static IReadOnlyList<string> GlibcTrusted(Platform platform)
    {
        var multiarch = new[] { $"/lib/{platform.GnuTriplet}", $"/usr/lib/{platform.GnuTriplet}" };
        var wide = platform.Class == ElfClass.Elf64 ? new[] { "/lib64", "/usr/lib64" } : [];
        return [.. multiarch, .. wide, "/lib", "/usr/lib"];
    }

    /// <summary>
    /// Reads one ldconfig configuration file as ldconfig does: <c>#</c> starts a comment, <c>include PATTERN…</c> reads
    /// the files the patterns match (relative ones from the including file's directory), <c>hwcap</c> lines are
    /// obsolete and ignored, and the rest are directories separated by blanks, commas or colons (an old
    /// <c>=TYPE</c> suffix is dropped).
    /// </summary>
    private static void ReadConfiguration(RootfsScan scan, string file, List<string> directories, HashSet<string> seen, int depth)
    {
        if (depth > MaxIncludeDepth || !seen.Add(scan.Resolve(file) ?? file) || scan.TextAt(file) is not { } text)
        {
            return;
        }

        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash < 0 ? raw : raw[..hash]).Trim();
            var words = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0 || words[0] == "hwcap")
            {
                continue;
            }

            if (words[0] == "include" && words.Length == 2)
            {
                foreach (var pattern in words[1].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var absolute = pattern.StartsWith('/') ? pattern : RootfsScan.Combine(Directory(file), pattern);
                    foreach (var included in scan.Glob(absolute))
                    {
                        ReadConfiguration(scan, included, directories, seen, depth + 1);
                    }
                }

                continue;
            }

            foreach (var entry in line.Split([' ', '\t', ',', ':'], StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = entry.IndexOf('=', StringComparison.Ordinal);
                var directory = (equals < 0 ? entry : entry[..equals]).TrimEnd('/');
                if (directory.StartsWith('/'))
                {
                    directories.Add(directory);
                }
            }
        }
    }

    private static string Directory(string file)
    {
        var slash = file.LastIndexOf('/');
        return slash <= 0 ? "/" : file[..slash];
    }

    private static string[] Distinct(IEnumerable<string> directories) =>
        [.. directories.Select(d => d.Length > 1 ? d.TrimEnd('/') : d).Where(d => d.StartsWith('/')).Distinct(StringComparer.Ordinal)];
}
