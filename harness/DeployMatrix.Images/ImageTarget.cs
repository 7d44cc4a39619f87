using System.Security.Cryptography;
using System.Text;
using DeployMatrix.Engine;
using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>One image to have in Docker: a catalog entry built for one platform, under its own tag.</summary>
internal sealed class ImageTarget
{
    /// <summary>Raise when the builder starts making different images from the same recipes: all get rebuilt.</summary>
    public const int BuilderFormatVersion = 1;

    public ImageTarget(ImageDefinition image, Platform platform, Linux32Launcher? launcher)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(platform);
        Image = image;
        Platform = platform;
        Launcher = platform.NeedsLinux32Personality
            ? launcher ?? throw new ArgumentException($"{platform} images need the linux32 launcher", nameof(launcher))
            : null;
        Tag = image.LocalTag(platform);
        RecipeHash = ComputeRecipeHash();
        var labels = new Dictionary<string, string>
        {
            [ImageLabels.Recipe] = RecipeHash,
            [ImageLabels.Libc] = image.Libc.ToString(),
            [ImageLabels.Platform] = platform.Name,
        };
        if (image.Equivalent is not null)
        {
            labels[ImageLabels.Equivalent] = image.LibcDescription;
        }

        Labels = labels;
    }

    public ImageDefinition Image { get; }

    public Platform Platform { get; }

    /// <summary>The launcher every command of the image starts through; null for platforms that need none.</summary>
    public Linux32Launcher? Launcher { get; }

    public string Tag { get; }

    /// <summary>A hash of everything that determines the image; kept in its <see cref="ImageLabels.Recipe"/> label.</summary>
    public string RecipeHash { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>
    /// The catalog's images for each of their platforms, or those <paramref name="selectors"/> name: a repository
    /// (<c>deploymatrix/debian</c>), repository:version (<c>deploymatrix/debian:12</c>) or a tag
    /// (<c>deploymatrix/debian:12-arm64</c>); none selects all. The launcher is loaded (and must exist) only when a
    /// selected platform needs it.
    /// </summary>
    public static IReadOnlyList<ImageTarget> ForCatalog(
        ImageCatalog catalog, string launcherPath, IReadOnlyCollection<string> selectors)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(selectors);
        var all = catalog.Images.SelectMany(image => image.Platforms.Select(platform => (Image: image, Platform: platform))).ToList();
        var unmatched = selectors.FirstOrDefault(s => !all.Any(t => NamesOf(t.Image, t.Platform).Contains(s)));
        if (unmatched is not null)
        {
            throw new DeployMatrixException(
                $"no image of {catalog.Path} is called '{unmatched}': give a name, name:version or tag, " +
                $"such as {all[0].Image.Name}, {all[0].Image.LocalTag(all[0].Platform)}");
        }

        var launcher = new Lazy<Linux32Launcher>(() => Linux32Launcher.Load(launcherPath));
        return
        [
            .. all
                .Where(t => selectors.Count == 0 || selectors.Any(NamesOf(t.Image, t.Platform).Contains))
                .Select(t => new ImageTarget(t.Image, t.Platform, t.Platform.NeedsLinux32Personality ? launcher.Value : null)),
        ];
    }

    public override string ToString() => Tag;

    /// <summary>The names a user can select an image for a platform by.</summary>
    private static IEnumerable<string> NamesOf(ImageDefinition image, Platform platform) =>
        image.Version is null
            ? [image.Name, image.LocalTag(platform)]
            : [image.Name, $"{image.Name}:{image.Version}", image.LocalTag(platform)];

    private string ComputeRecipeHash()
    {
        IEnumerable<KeyValuePair<string, string>> fields =
        [
            new("format", BuilderFormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("name", Image.Name),
            new("version", Image.Version ?? string.Empty),
            new("recipe", Image.Recipe.Kind),
            .. Image.Recipe.Fingerprint,
            new("libc", Image.Libc.ToString()),
            new("platform", Platform.Name),
            new("launcher", Launcher?.Sha256 ?? string.Empty),

            // Only where set, so that adding these keys did not rebuild every other image.
            .. Image.Equivalent is null ? [] : new[] { Image.Equivalent.Fingerprint },
            .. Image.Environment.Select(variable => new KeyValuePair<string, string>($"env {variable.Key}", variable.Value)),
        ];
        var text = string.Concat(fields.Select(field => $"{field.Key}={field.Value}\n"));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
