using YamlDotNet.RepresentationModel;

namespace DeployMatrix.Images;

/// <summary>
/// A node of the catalog's YAML with the key path that leads to it (<c>images[2].libc.kind</c>), so each validation
/// error names the file, the path and the bad value.
/// </summary>
internal sealed class CatalogNode
{
    private readonly string _file;
    private readonly YamlNode _node;

    private CatalogNode(string file, string path, YamlNode node)
    {
        _file = file;
        Path = path;
        _node = node;
    }

    public string Path { get; }

    public static CatalogNode Root(string file, YamlNode node) => new(file, string.Empty, node);

    public DeployMatrixException Error(string message) =>
        new(Path.Length == 0 ? $"{_file}: {message}" : $"{_file}: {Path}: {message}");

    /// <summary>The value of a required key of this mapping.</summary>
    public CatalogNode Child(string key) =>
        OptionalChild(key) ?? throw Error($"missing key '{key}'");

    public CatalogNode? OptionalChild(string key)
    {
        var value = Mapping().Children.FirstOrDefault(pair => KeyOf(pair.Key) == key).Value;
        return value is null ? null : new CatalogNode(_file, Path.Length == 0 ? key : $"{Path}.{key}", value);
    }

    /// <summary>Fails on a key of this mapping that is not among <paramref name="allowed"/>: a typo must not pass.</summary>
    public void AllowOnlyKeys(IReadOnlyCollection<string> allowed)
    {
        var unknown = Mapping().Children.Keys.Select(KeyOf).FirstOrDefault(key => !allowed.Contains(key));
        if (unknown is not null)
        {
            throw Error($"unknown key '{unknown}'; expected {string.Join(", ", allowed)}");
        }
    }

    /// <summary>The keys of this mapping with their values, in the file's order.</summary>
    public IReadOnlyList<(string Key, CatalogNode Value)> Entries() =>
    [
        .. Mapping().Children.Select(pair => KeyOf(pair.Key) is { } key
            ? (key, OptionalChild(key)!)
            : throw Error($"expected keys that are values, found {Describe(pair.Key)}")),
    ];

    public IReadOnlyList<CatalogNode> Items()
    {
        var sequence = _node as YamlSequenceNode ?? throw Error($"expected a list, found {Describe(_node)}");
        return [.. sequence.Children.Select((item, index) => new CatalogNode(_file, $"{Path}[{index}]", item))];
    }

    /// <summary>A scalar as text; YAML's <c>12</c> and <c>"12"</c> are both <c>12</c>.</summary>
    public string Text()
    {
        var scalar = _node as YamlScalarNode ?? throw Error($"expected a value, found {Describe(_node)}");
        return string.IsNullOrWhiteSpace(scalar.Value) ? throw Error("expected a value, found nothing") : scalar.Value;
    }

    public IReadOnlyList<string> TextItems() => [.. Items().Select(item => item.Text())];

    private YamlMappingNode Mapping() =>
        _node as YamlMappingNode ?? throw Error($"expected a mapping of keys, found {Describe(_node)}");

    private static string? KeyOf(YamlNode key) => (key as YamlScalarNode)?.Value;

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };
}
