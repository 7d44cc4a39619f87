using System.Text.RegularExpressions;
using DeployMatrix.Platforms;
using DeployMatrix.Yaml;

namespace DeployMatrix.Images;

/// <summary>The images DeployMatrix builds, as <c>fixtures/images/images.yaml</c> lists them.</summary>
internal sealed partial class ImageCatalog
{
    /// <summary>The catalog of a checkout, relative to its root.</summary>
    public const string DefaultPath = HarnessAssets.CheckoutMarker;

    /// <summary>The catalog's path: the checkout's, else the copy packed with the installed tool; null when neither.</summary>
    public static string? Find() => HarnessAssets.FindInCheckoutOrTool(DefaultPath, "images.yaml");

    private static readonly YamlDocumentKind Catalog = new(
        "an image catalog", "the image catalog", "the key images: and its list", "lists images under images:", "four");

    private static readonly string[] CommonKeys = ["name", "version", "recipe", "libc", "platforms", "equivalent", "env"];

    private ImageCatalog(string path, IReadOnlyList<ImageDefinition> images)
    {
        Path = path;
        Images = images;
    }

    /// <summary>The file the catalog was read from, as the user named it.</summary>
    public string Path { get; }

    public IReadOnlyList<ImageDefinition> Images { get; }

    public static ImageCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DeployMatrixException(
                $"{path}: image catalog not found (run from the repository's top directory, or pass --catalog PATH)");
        }

        return Parse(path, File.ReadAllText(path));
    }

    /// <summary>Reads catalog text; <paramref name="path"/> names it in error messages.</summary>
    public static ImageCatalog Parse(string path, string yaml)
    {
        var root = CatalogNode.Root(path, YamlReader.Parse(yaml, path, Catalog));
        root.AllowOnlyKeys(["images"]);
        var entries = root.Child("images").Items();
        if (entries.Count == 0)
        {
            throw root.Child("images").Error("no images listed");
        }

        var images = entries.Select(ReadImage).ToList();
        RejectDuplicateTags(entries, images);
        return new ImageCatalog(path, images);
    }

    private static ImageDefinition ReadImage(CatalogNode entry)
    {
        var recipeNode = entry.Child("recipe");
        var recipeName = recipeNode.Text();
        var kind = RootfsRecipes.Kinds.FirstOrDefault(k => k.Name == recipeName)
                   ?? throw recipeNode.Error(
                       $"unknown recipe '{recipeName}'; expected one of {string.Join(", ", RootfsRecipes.Kinds.Select(k => k.Name))}");
        entry.AllowOnlyKeys([.. CommonKeys, .. kind.Keys]);
        var recipe = kind.Read(entry);

        var nameNode = entry.Child("name");
        var name = nameNode.Text();
        if (!RepositoryName().IsMatch(name))
        {
            throw nameNode.Error($"'{name}' is not a Docker repository name (lower-case letters, digits, '.', '_', '-', '/')");
        }

        var versionNode = entry.OptionalChild("version");
        var version = versionNode?.Text();
        if (version is not null && !TagPart().IsMatch(version))
        {
            throw versionNode!.Error($"'{version}' cannot be part of a Docker tag (letters, digits, '.', '_', '-')");
        }

        return new ImageDefinition(
            name,
            version,
            recipe,
            ReadLibc(entry.Child("libc"), recipe),
            ReadPlatforms(entry.Child("platforms")),
            entry.OptionalChild("equivalent") is { } equivalent ? ImageEquivalent.FromCatalog(equivalent) : null,
            entry.OptionalChild("env") is { } environment ? ReadEnvironment(environment) : []);
    }

    private static List<KeyValuePair<string, string>> ReadEnvironment(CatalogNode node)
    {
        var variables = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in node.Entries())
        {
            if (!VariableName().IsMatch(name))
            {
                throw value.Error($"'{name}' is not an environment variable name (letters, digits and '_', not starting with a digit)");
            }

            if (name == ImageConfigFile.PathVariable)
            {
                throw value.Error($"{name} is the same in every image built here; it cannot be set");
            }

            variables.Add(new(name, value.Text()));
        }

        return variables;
    }

    private static LibcInfo ReadLibc(CatalogNode node, IRootfsRecipe recipe)
    {
        node.AllowOnlyKeys(["kind", "version"]);
        var kindNode = node.Child("kind");
        var kindName = kindNode.Text();
        if (!LibcInfo.KindsByName.TryGetValue(kindName, out var kind))
        {
            throw kindNode.Error($"unknown libc kind '{kindName}'; expected one of {string.Join(", ", LibcInfo.KindsByName.Keys)}");
        }

        if (kind != recipe.ProvidedLibc)
        {
            throw kindNode.Error($"recipe {recipe.Kind} provides {LibcInfo.NameOf(recipe.ProvidedLibc)}, not {kindName}");
        }

        var versionNode = node.OptionalChild("version");
        return (kind, versionNode) switch
        {
            (LibcKind.None, null) => LibcInfo.None,
            (LibcKind.None, _) => throw versionNode.Error("an image without libc has no libc version"),
            (_, null) => throw node.Error($"missing key 'version' (the {kindName} version the image must contain)"),
            _ => new LibcInfo(kind, versionNode.Text()),
        };
    }

    private static List<Platform> ReadPlatforms(CatalogNode node)
    {
        var platforms = new List<Platform>();
        foreach (var item in node.Items())
        {
            var name = item.Text();
            var platform = KnownPlatforms.Find(name)
                           ?? throw item.Error($"unknown platform '{name}'; expected one of {string.Join(", ", KnownPlatforms.All.Select(p => p.Name))}");
            if (platforms.Contains(platform))
            {
                throw item.Error($"platform {name} is listed twice");
            }

            platforms.Add(platform);
        }

        return platforms.Count > 0 ? platforms : throw node.Error("no platforms listed");
    }

    private static void RejectDuplicateTags(IReadOnlyList<CatalogNode> entries, List<ImageDefinition> images)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < images.Count; i++)
        {
            foreach (var tag in images[i].Platforms.Select(images[i].LocalTag))
            {
                if (!seen.TryAdd(tag, i))
                {
                    throw entries[i].Error($"tag {tag} is also made by {entries[seen[tag]].Path}");
                }
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$")]
    private static partial Regex TagPart();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
