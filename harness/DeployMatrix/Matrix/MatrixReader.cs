using System.Globalization;
using System.Text.RegularExpressions;
using DeployMatrix.Elf;
using DeployMatrix.Platforms;
using DeployMatrix.Containers;
using Microsoft.Extensions.Configuration;

namespace DeployMatrix.Matrix;

/// <summary>
/// Reads and checks a matrix from its layered configuration, each key as <see cref="MatrixSchema"/> says. Every fault
/// stops the run before any container starts, and its message names where the value came from (the file, with the
/// line and column, or the override), the key and the value.
/// </summary>
internal sealed partial class MatrixReader
{
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

    /// <summary>The runner settings of a matrix that sets none: the schema's defaults.</summary>
    public static RunnerSettings DefaultRunner => Defaults.Value;

    // Read when first asked, not whenever a matrix is: reading a matrix never needs it.
    private static readonly Lazy<RunnerSettings> Defaults = new(() =>
        new MatrixReader(new ConfigurationBuilder().AddInMemoryCollection(MatrixSchema.BuiltIn).Build(), MatrixSchema.MatrixFile.Default!).ReadRunner());

    private MatrixDefinition Read()
    {
        CheckKeys();
        var scrubbers = ReadScrubbers("");
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
            Selection(MatrixSchema.Filter.Binaries, binaries.Select(b => b.Name)),
            Selection(MatrixSchema.Filter.Targets, targets.Select(t => t.Name)),
            Selection(MatrixSchema.Filter.Platforms, KnownPlatforms.All.Select(p => p.Name)),
            Optional(MatrixSchema.Filter.Shard));
        var definition = new MatrixDefinition(
            _file, binaries, targets, ReadRunner(), filter, ResolvePath(Read(MatrixSchema.Snapshots)), ReadHost(), ReadFingerprints());
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
                var nearest = MatrixSchema.Nearest(key) is { } name ? $"; did you mean {name}?" : "";
                throw MatrixSchema.IsValue(parent)
                    ? new MatrixException(MatrixSources.Describe(provider, parent, _file), Display(parent), "a list or mapping where a single value belongs")
                    : new MatrixException(MatrixSources.Describe(provider, key, _file), Display(key),
                        $"unknown key; expected one of {string.Join(", ", MatrixSchema.Siblings(key))}{nearest}");
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
        var name = ReadName(MatrixSchema.Binary.Name, key);
        var pathTemplate = Read(MatrixSchema.Binary.Path, key);
        var declared = ReadItems(MatrixSchema.Binary.Platforms, key);
        var hasPlaceholder = pathTemplate.Contains(BinaryDefinition.PlatformPlaceholder, StringComparison.Ordinal);
        if (hasPlaceholder && declared.Count == 0)
        {
            throw Fault(MatrixSchema.Binary.Platforms.At(key), $"missing: the path holds {BinaryDefinition.PlatformPlaceholder}, so list the platforms it is built for");
        }

        var pathKey = MatrixSchema.Binary.Path.At(key);
        var template = ResolvePath(pathTemplate);
        // With no platforms declared, the file says its own, and is read whole to say it.
        var readForPlatform = declared.Count > 0 ? null : ReadElf(pathKey, template);
        IReadOnlyList<Platform> platforms = readForPlatform is null ? declared : [PlatformOf(readForPlatform, pathKey)];
        IReadOnlyList<Scrubber> scrubbers = [.. matrixScrubbers, .. ReadScrubbers(key)];
        var cases = ReadList($"{key}:cases", caseKey => ReadCase(caseKey, scrubbers));
        var binary = new BinaryDefinition(
            name, template, platforms, cases.Count > 0 ? cases : [DefaultCase(scrubbers)], Optional(MatrixSchema.Binary.Bundle, key) is { } bundle ? ResolvePath(bundle) : null);
        foreach (var platform in platforms)
        {
            if (readForPlatform is null)
            {
                ReadElf(pathKey, binary.PathFor(platform));
            }

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
        // Items, not a comma-separated value: an argument may hold a comma.
        var args = Items(MatrixSchema.Case.Args.At(key)).Select(c => (Key: c.Path, Value: c.Value ?? "")).ToList();
        var environment = ReadEnvironment(MatrixSchema.Case.Env.At(key));
        if (ProcessStrings.Check([.. args, .. environment.Select(v => ($"{MatrixSchema.Case.Env.At(key)}:{v.Key}", v.Value))]) is { } fault)
        {
            throw Fault(fault.Key, fault.Problem);
        }

        return new(
            ReadName(MatrixSchema.Case.Name, key),
            [.. args.Select(a => a.Value)],
            environment,
            Optional(MatrixSchema.Case.Stdin, key),
            Read(MatrixSchema.Case.Timeout, key),
            [.. binaryScrubbers, .. ReadScrubbers(key)]);
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

    private RunCase DefaultCase(IReadOnlyList<Scrubber> scrubbers) => RunCase.Default(Read(MatrixSchema.Defaults.Timeout), scrubbers);

    /// <summary>The <c>scrubbers</c> of <paramref name="section"/>: rules of a <c>pattern</c>, its <c>replacement</c> and an optional <c>timeout</c>.</summary>
    private List<Scrubber> ReadScrubbers(string section) =>
    [
        .. Items(section.Length == 0 ? "scrubbers" : $"{section}:scrubbers").Select(item =>
        {
            var pattern = Read(MatrixSchema.Scrubbers.Pattern, item.Path);
            var replacement = Read(MatrixSchema.Scrubbers.Replacement, item.Path);
            var (rule, problem) = Scrubber.Compile(Display(item.Path), pattern, replacement, OptionalValue(MatrixSchema.Scrubbers.Timeout, item.Path));
            return rule ?? throw Fault(MatrixSchema.Scrubbers.Pattern.At(item.Path), problem!);
        }),
    ];

    private TargetDefinition ReadTarget(string key)
    {
        var name = ReadName(MatrixSchema.Target.Name, key);
        var platforms = ReadItems(MatrixSchema.Target.Platforms, key);
        var (image, rootfs) = (Optional(MatrixSchema.Target.Image, key), Optional(MatrixSchema.Target.Rootfs, key));
        if ((image is null) == (rootfs is null))
        {
            throw Fault(MatrixSchema.Target.Image.At(key), image is null
                ? $"missing: the image to run in, or {MatrixSchema.Target.Rootfs.Name}: a root file system directory"
                : $"give either an image or {MatrixSchema.Target.Rootfs.Name}, not both");
        }

        var target = new TargetDefinition(name, image, platforms, Read(MatrixSchema.Target.Pull, key))
        {
            Root = rootfs is null ? null : new TargetRoot(rootfs, _directory),
        };
        foreach (var platform in target.Root is null ? [] : platforms)
        {
            var directory = target.Root!.DirectoryFor(platform);
            if (!Directory.Exists(directory))
            {
                throw Fault(MatrixSchema.Target.Rootfs.At(key),
                    $"'{target.Root.NameFor(platform)}' is not a directory (for {platform}: {directory}); export an image's root file system into it: " +
                    $"mkdir -p {target.Root.NameFor(platform)} && docker export $(docker create --platform {platform} IMAGE) | tar -x -C {target.Root.NameFor(platform)}");
            }
        }

        return target;
    }

    private string? ReadFingerprints() => Optional(MatrixSchema.Fingerprints) switch
    {
        null => null,
        var directory when Directory.Exists(ResolvePath(directory)) => ResolvePath(directory),
        var directory => throw Fault(MatrixSchema.Fingerprints.Path, $"'{directory}' is not a directory; make it with deploymatrix fingerprint IMAGE --out {directory}"),
    };

    private HostAssumption ReadHost() => new(Optional(MatrixSchema.Host.Platform), ReadItems(MatrixSchema.Host.Emulated));

    private RunnerSettings ReadRunner() => new(
        Read(MatrixSchema.Runner.Parallel),
        new ContainerLimits
        {
            MemoryBytes = Read(MatrixSchema.Runner.Memory),
            Processes = Read(MatrixSchema.Runner.Processes),
            Cpus = Read(MatrixSchema.Runner.Cpus),
            OutputBytes = (int)Read(MatrixSchema.Runner.Output),
            ScratchBytes = Read(MatrixSchema.Runner.Scratch),
            Root = Read(MatrixSchema.Runner.Root),
            RootBytes = Read(MatrixSchema.Runner.RootSize),
            OpenFiles = Read(MatrixSchema.Runner.OpenFiles),
            Writable = ReadItems(MatrixSchema.Runner.Writable),
        },
        Read(MatrixSchema.Runner.Runtime));

    /// <summary>A key's value in <paramref name="section"/>, or its fallback's, or its default; a required key given no value is a fault.</summary>
    private T Read<T>(MatrixKey<T> key, string? section = null) =>
        TryRead(key, section, out var value) ? value : throw Fault(PathOf(key, section), key.Required is { Length: > 0 } what ? $"missing: {what}" : "missing");

    private T? Optional<T>(MatrixKey<T> key, string? section = null)
        where T : class =>
        TryRead(key, section, out var value) ? value : null;

    private T? OptionalValue<T>(MatrixKey<T> key, string? section = null)
        where T : struct =>
        TryRead(key, section, out var value) ? value : null;

    private bool TryRead<T>(MatrixKey<T> key, string? section, out T value)
    {
        var (path, text) = _config[PathOf(key, section)] is { } given ? (PathOf(key, section), given)
            : key.Fallback is { } fallback ? (fallback.Path, _config[fallback.Path])
            : (PathOf(key, section), null);

        // An empty name, path or image is as good as none; an empty text (a replacement that removes) is a value.
        if (text is null || (text.Length == 0 && key.Required is not null && !key.Kind.TakesEmpty))
        {
            value = default!;
            return false;
        }

        value = Parse(key, path, text);
        return true;
    }

    /// <summary>The key in a concrete section (<c>binaries:0</c>), or in its own when it stands outside lists.</summary>
    private static string PathOf(MatrixKey key, string? section) => section is null ? key.Path : key.At(section);

    private T Parse<T>(MatrixKey<T> key, string path, string text)
    {
        try
        {
            return key.Kind.Parse(text);
        }
        catch (ValueProblem problem)
        {
            throw Fault(path, problem.Message);
        }
    }

    /// <summary>A name that is unique among its list's items, ignoring case.</summary>
    private string ReadName(MatrixKey<string> key, string section)
    {
        var name = Read(key, section);
        var list = section[..section.LastIndexOf(':')];
        var first = _config.GetSection(list).GetChildren().First(c => string.Equals(c[key.Name], name, StringComparison.OrdinalIgnoreCase));
        return first.Path == section ? name : throw Fault(key.At(section), $"duplicate name '{name}' (also {Display(first.Path)})");
    }

    /// <summary>A list key's items, each read as its kind; an item given twice is a fault, since it would make the same cells twice.</summary>
    private List<T> ReadItems<T>(MatrixKey<T> key, string? section = null)
        where T : notnull
    {
        var path = PathOf(key, section);
        var given = ListValues(path);
        if (given.Count == 0 && key.Required is not null)
        {
            throw Fault(path, key.Required.Length > 0 ? $"missing: {key.Required}" : "missing");
        }

        var items = new Dictionary<T, string>();
        foreach (var (itemKey, text) in given)
        {
            if (!items.TryAdd(Parse(key, itemKey, text), itemKey))
            {
                throw Fault(itemKey, $"'{text}' is listed twice (also {Display(items[Parse(key, itemKey, text)])}): it would make the same cells twice");
            }
        }

        return [.. items.Keys];
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

    private List<string> Selection(MatrixKey<string> key, IEnumerable<string> known)
    {
        var names = known.ToList();
        var selected = ListValues(key.Path);
        var unknown = selected.FirstOrDefault(s => !names.Contains(s.Value, StringComparer.OrdinalIgnoreCase));
        return unknown.Key is null
            ? [.. selected.Select(s => s.Value)]
            : throw Fault(unknown.Key, $"'{unknown.Value}' names nothing in this matrix; choose from {string.Join(", ", names)}");
    }

    /// <summary>
    /// A list given as a YAML sequence, or as one comma-separated value (as environment variables give it), each
    /// item with the key that names it in messages. The highest layer that gives the list gives all of it: an
    /// override replaces the file's list, and the file's list the default.
    /// </summary>
    private List<KeyValuePair<string, string>> ListValues(string key)
    {
        if (MatrixSources.Origin(_config, key) is not { } layer)
        {
            return [];
        }

        var values = layer.TryGet(key, out var single) && single is not null
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => KeyValuePair.Create(key, v))
            : layer.GetChildKeys([], key).Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(child => int.TryParse(child, out var n) ? n : int.MaxValue)
                .Select(child => KeyValuePair.Create($"{key}:{child}", _config[$"{key}:{child}"] ?? ""));
        return [.. values];
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

    private MatrixException Fault(string key, string problem) => MatrixSources.Fault(_config, _file, key, Display(key), problem);

    /// <summary><c>binaries:2:path</c> as people read it: <c>binaries[2].path</c>.</summary>
    private static string Display(string key) =>
        string.Join("", key.Split(':').Select((segment, i) =>
            int.TryParse(segment, out _) ? $"[{segment}]" : i == 0 ? segment : "." + segment));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
