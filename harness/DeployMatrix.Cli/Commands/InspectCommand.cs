using System.Text.Encodings.Web;
using System.Text.Json;
using DeployMatrix.Elf;
using DeployMatrix.Platforms;
using DeployMatrix.Predictions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace DeployMatrix.Cli.Commands;

/// <summary>
/// <c>deploymatrix inspect BINARY</c>: what a binary needs in order to start, read from its ELF file (never executed):
/// platform, linkage, interpreter, libraries, search paths and the symbol versions each library must define, summed up
/// as the oldest libraries it can load with.
/// </summary>
public sealed class InspectCommand : Command<InspectSettings>
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // For a terminal or a script, not a web page: '>' stays '>'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override int Execute(CommandContext context, InspectSettings settings, CancellationToken cancellationToken)
    {
        var facts = Facts.Of(ElfFile.Read(settings.Binary));
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(facts, JsonOptions));
        }
        else if (Console.IsOutputRedirected)
        {
            WritePlain(facts);
        }
        else
        {
            WritePretty(facts);
        }

        return ExitCodes.Success;
    }

    private static void WritePlain(Facts facts)
    {
        var rows = facts.Rows();
        var width = rows.Max(row => row.Label.Length) + 2;
        foreach (var (label, value) in rows)
        {
            Console.Out.WriteLine((label + ":").PadRight(width) + value);
        }

        if (facts.VersionRequirements.Count > 0)
        {
            Console.Out.WriteLine("version requirements:");
            foreach (var library in facts.VersionRequirements)
            {
                Console.Out.WriteLine($"  {library.Library}");
                foreach (var version in library.Versions)
                {
                    Console.Out.WriteLine($"    {version.Describe()}");
                }
            }
        }

        Console.Out.WriteLine(facts.Summary);
    }

    private static void WritePretty(Facts facts)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, value) in facts.Rows())
        {
            grid.AddRow($"[grey]{Markup.Escape(label)}[/]", Markup.Escape(value));
        }

        AnsiConsole.Write(grid);
        if (facts.VersionRequirements.Count > 0)
        {
            var tree = new Tree("[grey]version requirements[/]");
            foreach (var library in facts.VersionRequirements)
            {
                var node = tree.AddNode(Markup.Escape(library.Library));
                foreach (var version in library.Versions)
                {
                    node.AddNode(Markup.Escape(version.Describe()));
                }
            }

            AnsiConsole.Write(tree);
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(facts.Summary)}[/]");
    }

    /// <summary>What <c>inspect</c> shows, in the shape <c>--json</c> writes it.</summary>
    private sealed record Facts(
        string Path,
        string Class,
        string Machine,
        string? Platform,
        string Linkage,
        string? Interpreter,
        string? Soname,
        IReadOnlyList<string> Needed,
        IReadOnlyList<string> Rpath,
        IReadOnlyList<string> Runpath,
        IReadOnlyList<LibraryVersions> VersionRequirements,
        IReadOnlyList<Minimum> Minimums,
        string Summary)
    {
        public static Facts Of(ElfFile elf)
        {
            var linkage = elf.Linkage switch
            {
                ElfLinkage.Static => "static",
                ElfLinkage.StaticPie => "static-pie",
                ElfLinkage.Dynamic => "dynamic",
                _ => "shared library",
            };
            var requirements = LibraryVersions.Of(elf);
            var minimums = Minimum.Of(requirements);
            var summary = elf.Linkage is ElfLinkage.Static or ElfLinkage.StaticPie ? "needs nothing from the system: statically linked"
                : minimums.Count == 0 ? "needs no symbol versions"
                : "needs " + string.Join(", ", minimums.Select(m => m.Describe()));
            return new Facts(
                elf.Path,
                elf.Class.ToString().ToUpperInvariant(),
                elf.Machine.ToString(),
                KnownPlatforms.Of(elf)?.Name,
                linkage,
                elf.Interpreter,
                elf.Soname,
                elf.Needed,
                elf.Rpath,
                elf.Runpath,
                requirements,
                minimums,
                summary);
        }

        public List<(string Label, string Value)> Rows() =>
        [
            ("path", Path),
            ("class", Class),
            ("machine", Platform is null ? $"{Machine} (not a platform DeployMatrix runs: {string.Join(", ", KnownPlatforms.All)})" : $"{Machine} ({Platform})"),
            ("linkage", Linkage),
            ("interpreter", Interpreter ?? "none"),
            ("soname", Soname ?? "none"),
            ("needed", List(Needed)),
            ("rpath", List(Rpath)),
            ("runpath", List(Runpath)),
        ];

        private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);
    }

    /// <summary>The versions needed from one library: numbered ones by family and number (GLIBC_2.2.5 ... GLIBC_2.34), then the others.</summary>
    private sealed record LibraryVersions(string Library, IReadOnlyList<NeededVersion> Versions)
    {
        public static List<LibraryVersions> Of(ElfFile elf) =>
        [
            .. elf.VersionRequirements
                .GroupBy(r => r.Library, StringComparer.Ordinal)
                .OrderBy(g => elf.Needed.TakeWhile(name => name != g.Key).Count())
                .Select(g => new LibraryVersions(g.Key, [
                    .. g.Select(r => (Need: new NeededVersion(r.Version, r.Symbols), Parsed: SymbolVersions.Parse(r.Version)))
                        .OrderBy(v => v.Parsed is null)
                        .ThenBy(v => v.Parsed?.Family, StringComparer.Ordinal)
                        .ThenBy(v => v.Parsed?.Number)
                        .ThenBy(v => v.Need.Version, StringComparer.Ordinal)
                        .Select(v => v.Need),
                ])),
        ];
    }

    private sealed record NeededVersion(string Version, IReadOnlyList<string> Symbols)
    {
        public string Describe() => Symbols.Count == 0 ? Version : $"{Version}: {string.Join(", ", Symbols)}";
    }

    /// <summary>
    /// The oldest a library can be: the newest version needed in each family (glibc counted as one, whichever of its
    /// libraries is named), with the symbols that need it; each unnumbered version (GLIBC_PRIVATE) on its own.
    /// </summary>
    /// <param name="Name"><c>glibc</c>, or the library without its <c>.so</c> suffix: <c>libstdc++</c>.</param>
    private sealed record Minimum(string Name, string Version, IReadOnlyList<string> Symbols)
    {
        private const int ShownSymbols = 3;

        public static List<Minimum> Of(IEnumerable<LibraryVersions> libraries)
        {
            var needs = libraries
                .SelectMany(l => l.Versions.Select(v => (Name: NameOf(l.Library, v.Version), Need: v, Parsed: SymbolVersions.Parse(v.Version))))
                .ToList();
            var minimums = needs
                .GroupBy(n => (n.Name, Family: n.Parsed?.Family ?? n.Need.Version))
                .Select(family =>
                {
                    var newest = family.MaxBy(n => n.Parsed?.Number)!.Need.Version;
                    var symbols = family.Where(n => n.Need.Version == newest).SelectMany(n => n.Need.Symbols).Distinct().Order(StringComparer.Ordinal);
                    return new Minimum(family.Key.Name, newest, [.. symbols]);
                });
            return [.. minimums.OrderBy(m => m.Name != "glibc")];
        }

        public string Describe()
        {
            var shown = Symbols.Take(ShownSymbols).ToList();
            var symbols = string.Join(", ", shown) + (Symbols.Count > shown.Count ? $" and {Symbols.Count - shown.Count} more" : "");
            return SymbolVersions.Parse(Version) switch
            {
                // glibc is known by its release number; the version name then says which symbols need it.
                { Family: "GLIBC" } parsed => $"{Name} >= {parsed.Number} ({Version}{(Symbols.Count == 0 ? "" : ": " + symbols)})",
                var parsed => $"{Name} {(parsed is null ? "" : ">= ")}{Version}{(Symbols.Count == 0 ? "" : $" ({symbols})")}",
            };
        }

        private static string NameOf(string library, string version)
        {
            if (version.StartsWith("GLIBC_", StringComparison.Ordinal))
            {
                return "glibc";
            }

            var suffix = library.IndexOf(".so", StringComparison.Ordinal);
            return suffix > 0 ? library[..suffix] : library;
        }
    }
}
