using System.Globalization;
using System.Text.RegularExpressions;
using DeployMatrix.Elf;
using DeployMatrix.Platforms;
using DeployMatrix.Containers;
using DeployMatrix.Engine;
using Microsoft.Extensions.Configuration;

namespace DeployMatrix.Matrix;

/// <summary>
/// Reads and checks a matrix from its layered configuration. Every fault stops the run before any container starts,
/// and its message names where the value came from (the file or the override), the key and the value.
/// </summary>
internal sealed partial class MatrixReader
{
    // Output is kept in memory, each stream of each cell; memory and scratch are handed to the kernel.
    private const long LargestOutput = 1L << 30;
    private const long LargestMemory = 1L << 40;

    private readonly IConfigurationRoot _config;
    private readonly string _file;
    private readonly string _directory;

    private MatrixReader(IConfigurationRoot config, string file)
    {
        _config = config;
        _file = file;
        _directory = Path.GetDirectoryName(file)!;
    }

    /// <summary>Loads the matrix named by the overrides (or <paramref name="file"/>, or matrix.yaml) and checks it.</summary>
    public static MatrixDefinition Load(string baseDirectory, IReadOnlyList<string> commandLine, string? file = null)
    {
        var path = MatrixSources.ResolveFile(baseDirectory, commandLine, file);
        return new MatrixReader(MatrixSources.Build(path, commandLine), path).Read();
    }

    private MatrixDefinition Read()
    {
        CheckKeys();
        var scrubbers = ReadScrubbers("scrubbers");
        var binaries = ReadList("binaries", key => ReadBinary(key, scrubbers));
        var targets = ReadList("targets", ReadTarget);
        if (targets.Count == 0)
        {
            throw Fault("targets", "no targets: list at least one image and its platforms");
        }

        if (binaries.Count == 0)
        {
            throw Fault("binaries", "no binaries: list at least one binary to run");
        }

        var filter = new MatrixFilter(
            Selection("filter:binaries", binaries.Select(b => b.Name)),
            Selection("filter:targets", targets.Select(t => t.Name)),
            Selection("filter:platforms", KnownPlatforms.All.Select(p => p.Name)),
            ReadShard());
        var definition = new MatrixDefinition(
            _file, binaries, targets, ReadRunner(), filter, ResolvePath(Value("snapshots")!), ReadHost(), ReadFingerprints());
        return definition.Cells().Count > 0
            ? definition
            : throw Fault("filter", "selects no cell: no binary, target and platform of this matrix fit together under it");
    }

    private void CheckKeys()
    {
        foreach (var provider in _config.Providers)
        {
            foreach (var key in KeysOf(provider, null))
            {
                if (MatrixSchema.Allows(key))
                {
                    continue;
                }

                var parent = key[..Math.Max(key.LastIndexOf(':'), 0)];
                throw MatrixSchema.IsValue(parent)
                    ? new MatrixException(MatrixSources.Describe(provider, parent, _file), Display(parent), "a list or mapping where a single value belongs")
                    : new MatrixException(MatrixSources.Describe(provider, key, _file), Display(key),
                        $"unknown key; expected one of {string.Join(", ", MatrixSchema.Siblings(key))}");
            }
        }
    }

    private static IEnumerable<string> KeysOf(IConfigurationProvider provider, string? parent)
    {
        foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = parent is null ? child : $"{parent}:{child}";
            yield return key;
            foreach (var descendant in KeysOf(provider, key))
            {
                yield return descendant;
            }
        }
    }

    private BinaryDefinition ReadBinary(string key, IReadOnlyList<Scrubber> matrixScrubbers)
    {
        var name = RequiredName(key);
        var pathTemplate = Required($"{key}:path");
        var declared = ReadPlatforms($"{key}:platforms");
        var hasPlaceholder = pathTemplate.Contains(BinaryDefinition.PlatformPlaceholder, StringComparison.Ordinal);
        if (hasPlaceholder && declared.Count == 0)
        {
            throw Fault($"{key}:platforms", $"missing: the path holds {BinaryDefinition.PlatformPlaceholder}, so list the platforms it is built for");
        }

        var template = ResolvePath(pathTemplate);
        var platforms = declared.Count > 0 ? declared : [PlatformOf(ReadElf($"{key}:path", template), $"{key}:path")];
        IReadOnlyList<Scrubber> scrubbers = [.. matrixScrubbers, .. ReadScrubbers($"{key}:scrubbers")];
        var cases = ReadList($"{key}:cases", caseKey => ReadCase(caseKey, scrubbers));
        var binary = new BinaryDefinition(
            name, template, platforms, cases.Count > 0 ? cases : [DefaultCase(scrubbers)], Value($"{key}:bundle") is { } bundle ? ResolvePath(bundle) : null);
        foreach (var platform in platforms)
        {
            ReadElf($"{key}:path", binary.PathFor(platform));
            if (binary.BundleFor(platform) is { } directory)
            {
                if (BundleRules.Check(directory, binary.PathFor(platform)) is var (setting, problem))
                {
                    throw Fault($"{key}:{setting}", problem);
                }
            }
        }

        return binary;
    }

    private RunCase ReadCase(string key, IReadOnlyList<Scrubber> binaryScrubbers)
    {
        var timeout = Value($"{key}:timeout") is null ? "defaults:timeout" : $"{key}:timeout";
        var args = Items($"{key}:args").Select(c => (c.Path, Value: c.Value ?? "")).ToList();
        var environment = ReadEnvironment($"{key}:env");
        var stdin = Value($"{key}:stdin");
        if (ProcessStrings.Check([.. args, .. environment.Select(v => ($"{key}:env:{v.Key}", v.Value))]) is { } fault)
        {
            throw Fault(fault.Key, fault.Problem);
        }

        return new(
            RequiredName(key),
            [.. args.Select(a => a.Value)],
            environment,
            stdin,
            Duration(timeout, Value(timeout)!),
            [.. binaryScrubbers, .. ReadScrubbers($"{key}:scrubbers")]);
    }

    private Dictionary<string, string> ReadEnvironment(string key)
    {
        var variables = _config.GetSection(key).GetChildren().ToList();
        if (variables.FirstOrDefault(v => !EnvironmentName().IsMatch(v.Key)) is { } bad)
        {
            throw Fault(bad.Path, $"'{bad.Key}' is not an environment variable name; write env as a mapping of NAME: value");
        }

        return variables.ToDictionary(v => v.Key, v => v.Value ?? "", StringComparer.Ordinal);
    }

    private RunCase DefaultCase(IReadOnlyList<Scrubber> scrubbers) => RunCase.Default(Duration("defaults:timeout", Value("defaults:timeout")!), scrubbers);

    /// <summary>A list of rules, each a <c>pattern</c>, its <c>replacement</c> and an optional <c>timeout</c> (<see cref="Scrubber.Compile"/>).</summary>
    private List<Scrubber> ReadScrubbers(string key) =>
    [
        .. Items(key).Select(item =>
        {
            var pattern = Value($"{item.Path}:pattern") ?? throw Fault($"{item.Path}:pattern", "missing: the regular expression whose matches to replace");
            var replacement = Value($"{item.Path}:replacement") ?? throw Fault($"{item.Path}:replacement", "missing: what replaces each match, e.g. '<time>' ('' removes it)");
            TimeSpan? timeout = Value($"{item.Path}:timeout") is { } text ? Duration($"{item.Path}:timeout", text) : null;
            if (timeout > Scrubber.LongestTimeout)
            {
                throw Fault($"{item.Path}:timeout", $"'{Value($"{item.Path}:timeout")}' is too long for one match: at most {Durations.Format(Scrubber.LongestTimeout)}");
            }

            var (rule, problem) = Scrubber.Compile(Display(item.Path), pattern, replacement, timeout);
            return rule ?? throw Fault($"{item.Path}:pattern", problem!);
        }),
    ];

    private TargetDefinition ReadTarget(string key)
    {
        var name = RequiredName(key);
        var image = Required($"{key}:image");
        if (ImageReference.Problem(image.Replace(TargetDefinition.ArchitecturePlaceholder, "amd64", StringComparison.Ordinal)) is { } problem)
        {
            throw Fault($"{key}:image", $"'{image}' is not an image reference: {problem}; write e.g. debian:12, registry:5000/team/app:1.0, app@sha256:<64 hex digits>, with {TargetDefinition.ArchitecturePlaceholder} for the architecture");
        }

        var platforms = ReadPlatforms($"{key}:platforms");
        return platforms.Count > 0
            ? new TargetDefinition(name, image, platforms, ReadPull(Value($"{key}:pull") is null ? "defaults:pull" : $"{key}:pull"))
            : throw Fault($"{key}:platforms", "missing: list the platforms to run this image on, e.g. [linux/amd64, linux/arm64]");
    }

    private Shard? ReadShard() => Value("filter:shard") switch
    {
        null => null,
        var text => Shard.Parse(text) ?? throw Fault("filter:shard", $"'{text}' is not a shard; write I/N, the I-th of N parts (1 <= I <= N)"),
    };

    private string? ReadFingerprints() => Value("fingerprints") switch
    {
        null => null,
        var directory when Directory.Exists(ResolvePath(directory)) => ResolvePath(directory),
        var directory => throw Fault("fingerprints", $"'{directory}' is not a directory; make it with deploymatrix fingerprint IMAGE --out {directory}"),
    };

    private HostAssumption ReadHost()
    {
        var host = Value("host:platform") is { } name
            ? KnownPlatforms.Find(name) ?? throw Fault("host:platform", $"unknown platform '{name}'; known: {string.Join(", ", KnownPlatforms.All)}")
            : null;
        return new HostAssumption(host, ReadPlatforms("host:emulated"));
    }

    private RunnerSettings ReadRunner()
    {
        var limits = ContainerLimits.Default;
        return new RunnerSettings(
            Number("runner:parallel", 1, 64) ?? RunnerSettings.Default.Parallel,
            limits with
            {
                MemoryBytes = Bytes("runner:memory", LargestMemory) ?? limits.MemoryBytes,
                Processes = Number("runner:processes", 1, 4096) ?? limits.Processes,
                Cpus = Number("runner:cpus", 1, 64) ?? limits.Cpus,
                OutputBytes = (int?)Bytes("runner:output", LargestOutput) ?? limits.OutputBytes,
                ScratchBytes = Bytes("runner:scratch", LargestMemory) ?? limits.ScratchBytes,
                Root = ReadRoot() ?? limits.Root,
                RootBytes = Bytes("runner:root-size", LargestMemory) ?? limits.RootBytes,
                OpenFiles = Number("runner:open-files", 16, 1 << 20) ?? limits.OpenFiles,
                Writable = ReadWritable() ?? limits.Writable,
            },
            ReadRuntime());
    }

    private ImagePull ReadPull(string key) => Value(key) switch
    {
        null => ImagePull.Missing,
        var name => Choice<ImagePull>(name) ?? throw Fault(key, $"'{name}' is not a pull policy; write missing (the default), always or never"),
    };

    private static T? Choice<T>(string name)
        where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(value => string.Equals(value.ToString(), name, StringComparison.OrdinalIgnoreCase));

    private RootFileSystem? ReadRoot() => Value("runner:root") switch
    {
        null => null,
        "writable" => RootFileSystem.Writable,
        "read-only" => RootFileSystem.ReadOnly,
        var name => throw Fault("runner:root", $"'{name}' is not a root file system; write writable (the default: as on a real machine, writes bounded by root-size and discarded with the cell) or read-only"),
    };

    private ContainerRuntime ReadRuntime() => Value("runner:runtime") switch
    {
        null => RunnerSettings.Default.Runtime,
        var name => Choice<ContainerRuntime>(name) ?? throw Fault("runner:runtime", $"unknown runtime '{name}'; write auto (runc where it can work, else docker), docker or runc"),
    };

    /// <summary>Absolute directories, none of them / or the binary's own /app (which holds the read-only binary).</summary>
    private List<string>? ReadWritable()
    {
        var items = ListValues("runner:writable");
        if (items.Count == 0)
        {
            return null;
        }

        foreach (var (key, directory) in items)
        {
            if (!directory.StartsWith('/') || directory.Split('/', StringSplitOptions.RemoveEmptyEntries).Length == 0 || directory.Contains("..", StringComparison.Ordinal))
            {
                throw Fault(key, $"'{directory}' is not a directory to give a scratch tmpfs; write an absolute path such as /tmp or /var/cache/app");
            }

            if (directory.TrimEnd('/') == MatrixCell.BinaryDirectory)
            {
                throw Fault(key, $"'{directory}' holds the binary, which stays read-only; name a directory inside it (e.g. {MatrixCell.BinaryDirectory}/data) or elsewhere");
            }
        }

        return [.. items.Select(item => item.Value.TrimEnd('/'))];
    }

    private List<T> ReadList<T>(string key, Func<string, T> read) => [.. Items(key).Select(item => read(item.Path))];

    /// <summary>The items of a YAML sequence, in order; a single value or a mapping there is a fault.</summary>
    private List<IConfigurationSection> Items(string key)
    {
        var section = _config.GetSection(key);
        var items = section.GetChildren().ToList();
        if (section.Value is { } single)
        {
            throw Fault(key, $"'{single}' is a single value; expected a list (items starting with '-')");
        }

        if (items.Any(item => !int.TryParse(item.Key, out _)))
        {
            throw Fault(key, "expected a list (items starting with '-')");
        }

        return [.. items.OrderBy(item => int.Parse(item.Key, CultureInfo.InvariantCulture))];
    }

    private List<Platform> ReadPlatforms(string key)
    {
        var platforms = new Dictionary<Platform, string>();
        foreach (var (itemKey, name) in ListValues(key))
        {
            var platform = KnownPlatforms.Find(name)
                ?? throw Fault(itemKey, $"unknown platform '{name}'; known: {string.Join(", ", KnownPlatforms.All)}");
            if (!platforms.TryAdd(platform, itemKey))
            {
                throw Fault(itemKey, $"'{name}' is listed twice (also {Display(platforms[platform])}): it would make the same cells twice");
            }
        }

        return [.. platforms.Keys];
    }

    private List<string> Selection(string key, IEnumerable<string> known)
    {
        var names = known.ToList();
        var selected = ListValues(key);
        var unknown = selected.FirstOrDefault(s => !names.Contains(s.Value, StringComparer.OrdinalIgnoreCase));
        return unknown.Key is null
            ? [.. selected.Select(s => s.Value)]
            : throw Fault(unknown.Key, $"'{unknown.Value}' names nothing in this matrix; choose from {string.Join(", ", names)}");
    }

    /// <summary>
    /// A list given as a YAML sequence, or as one comma-separated value (as environment variables give it), each
    /// item with the key that names it in messages.
    /// </summary>
    private List<KeyValuePair<string, string>> ListValues(string key)
    {
        var section = _config.GetSection(key);
        var values = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => KeyValuePair.Create(key, v))
            : section.GetChildren().Select(c => KeyValuePair.Create(c.Path, c.Value ?? ""));
        return [.. values];
    }

    private string RequiredName(string key)
    {
        var name = Required($"{key}:name");
        if (!char.IsAsciiLetterOrDigit(name[0]) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw Fault($"{key}:name", $"'{name}' may hold only letters, digits, '-', '_' and '.', and starts with a letter or digit: it names files and tests");
        }

        var parent = key[..key.LastIndexOf(':')];
        var first = _config.GetSection(parent).GetChildren().First(c => string.Equals(c["name"], name, StringComparison.OrdinalIgnoreCase));
        return first.Path == key ? name : throw Fault($"{key}:name", $"duplicate name '{name}' (also {Display(first.Path)})");
    }

    private string Required(string key) =>
        Value(key) is { Length: > 0 } value ? value : throw Fault(key, "missing");

    private string? Value(string key) => _config[key];

    private TimeSpan Duration(string key, string text) =>
        Durations.TryParse(text, out var duration)
            ? duration
            : throw Fault(key, $"'{text}' is not a duration; write e.g. 500ms, 10s or 2m (more than 0, at most 1h)");

    private int? Number(string key, int least, int most)
    {
        var text = Value(key);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= least && n <= most
            ? n
            : throw Fault(key, $"'{text}' is not a whole number from {least} to {most}");
    }

    private long? Bytes(string key, long most)
    {
        var text = Value(key);
        if (text is null)
        {
            return null;
        }

        var units = new Dictionary<char, long> { ['k'] = 1L << 10, ['m'] = 1L << 20, ['g'] = 1L << 30 };
        var trimmed = text.Trim().ToLowerInvariant();
        var multiplier = trimmed.Length > 0 && units.TryGetValue(trimmed[^1], out var unit) ? unit : 1;
        var digits = multiplier == 1 ? trimmed : trimmed[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw Fault(key, $"'{text}' is not a size; write e.g. 65536, 64k, 256m or 1g");
        }

        return amount <= most / multiplier
            ? amount * multiplier
            : throw Fault(key, $"'{text}' is too large: at most {most >> 30}g");
    }

    private ElfFile ReadElf(string key, string path)
    {
        if (BinaryPathRules.Check(path) is { } problem)
        {
            throw Fault(key, problem);
        }

        try
        {
            return ElfFile.Read(path);
        }
        catch (ElfFormatException e)
        {
            throw Fault(key, BinaryPathRules.Script(path) is { } interpreter
                ? $"{path}: a #! script ({interpreter}), not a binary: name the binary it starts"
                : e.Message);
        }
        catch (DeployMatrixException e)
        {
            throw Fault(key, e.Message);
        }
    }

    private Platform PlatformOf(ElfFile elf, string key) =>
        KnownPlatforms.Of(elf)
        ?? throw Fault(key, $"{elf.Path} is built for {elf.Machine} ({elf.Class}), which is none of {string.Join(", ", KnownPlatforms.All)}");

    private string ResolvePath(string path) => Path.GetFullPath(path, _directory);

    private MatrixException Fault(string key, string problem)
    {
        var origin = _config.Providers.Reverse().FirstOrDefault(p => p.TryGet(key, out _) || p.GetChildKeys([], key).Any());
        return new MatrixException(origin is null ? MatrixSources.DisplayPath(_file) : MatrixSources.Describe(origin, key, _file), Display(key), problem);
    }

    /// <summary><c>binaries:2:path</c> as people read it: <c>binaries[2].path</c>.</summary>
    private static string Display(string key) =>
        string.Join("", key.Split(':').Select((segment, i) =>
            int.TryParse(segment, out _) ? $"[{segment}]" : i == 0 ? segment : "." + segment));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
