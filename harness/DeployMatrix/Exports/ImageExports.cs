using System.Text.Json;
using System.Text.Json.Nodes;
using DeployMatrix.Containers;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Engine;
using DeployMatrix.Fingerprints;

namespace DeployMatrix.Exports;

/// <summary>
/// Images exported for a run with no engine and no root (<c>deploymatrix images export</c>): each one's root file
/// system, owned by the user who runs them (in a user namespace, root may write only to files of the user it maps),
/// with what the engine says of it (<see cref="ExportedImage"/>) and its fingerprint; and once for them all, the spec
/// the engine writes for a hardened container (<see cref="RuncSpecTemplate"/>), with the limits it was taken for.
/// </summary>
/// <remarks>
/// Layout: <c>engine-spec.json</c>, and per image <c>SLUG/image.json</c>, <c>SLUG/fingerprint.json</c>,
/// <c>SLUG/rootfs/</c>. An export is replaced whole (made aside, then renamed).
/// </remarks>
internal sealed class ImageExports
{
    /// <summary>Where the exports are, when not in this user's cache directory.</summary>
    public const string DirectoryVariable = "DEPLOY_MATRIX_EXPORTS";

    private const string SpecFile = "engine-spec.json";
    private const string LimitsKey = "limits";
    private const string ImageFile = "image.json";
    private const string FingerprintFile = "fingerprint.json";
    private const string RootDirectory = "rootfs";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly Lazy<(ContainerLimits Limits, RuncSpecTemplate Template)> _spec;

    public ImageExports(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _spec = new(ReadSpec);
    }

    public string Directory { get; }

    /// <summary>Whether any image was exported here: the engine's spec is written with the first.</summary>
    public bool Exist => File.Exists(SpecPath);

    /// <summary>The engine's spec, written with the first export.</summary>
    public string SpecPath => Path.Combine(Directory, SpecFile);

    /// <summary><c>$DEPLOY_MATRIX_EXPORTS</c>, else <c>$XDG_CACHE_HOME/deploymatrix/exports</c>.</summary>
    public static ImageExports OfThisUser() =>
        new(Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } set ? set : CacheDirectory.Of("exports"));

    /// <summary>The directory of the export of <paramref name="tag"/>: <c>deploymatrix/debian:12-amd64</c> is in <c>deploymatrix-debian-12-amd64</c>.</summary>
    public string DirectoryOf(string tag) => Path.Combine(Directory, CacheDirectory.FileNameOf(tag));

    /// <summary>The command root runs, where the engine is, to export <paramref name="tag"/> (or every catalog image) for <paramref name="owner"/>.</summary>
    /// <param name="tag">One image, or null for the catalog's.</param>
    /// <param name="again">Though its image is unchanged: the export is damaged.</param>
    /// <param name="owner">Whom for: a user's name, or a placeholder.</param>
    public static string ExportCommand(string? tag = null, bool again = false, string owner = "USER") =>
        $"deploymatrix images export{(tag is null ? "" : " --tag " + tag)} --owner {owner}{(again ? " --again" : "")}";

    public static string RootOf(string exportDirectory) => Path.Combine(exportDirectory, RootDirectory);

    public static string ImageFileOf(string exportDirectory) => Path.Combine(exportDirectory, ImageFile);

    public static string FingerprintFileOf(string exportDirectory) => Path.Combine(exportDirectory, FingerprintFile);

    /// <summary>The export of <paramref name="tag"/>, or null when it was not exported here.</summary>
    /// <exception cref="DeployMatrixException">Its file is not what an export writes.</exception>
    public ExportedImage? TryGet(string tag)
    {
        var file = ImageFileOf(DirectoryOf(tag));
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var image = JsonSerializer.Deserialize(File.ReadAllBytes(file), ExportedImageJson.Default.ExportedImage);
            return image is not null && image.Tag == tag
                ? image
                : throw new DeployMatrixException($"{file} is not the export of {tag}: {ExportAgain(tag)}.");
        }
        catch (JsonException e)
        {
            throw new DeployMatrixException($"{file} is not an exported image's description ({e.Message}): {ExportAgain(tag)}.");
        }
    }

    /// <summary>The export of <paramref name="tag"/> as the engine would describe its image, or null when it was not exported.</summary>
    public EngineImage? Inspect(string tag) => TryGet(tag) is { } image
        ? new EngineImage(image.Id, image.Os, image.Architecture, image.RepoDigests, new EngineImage.ImageConfig(image.Labels))
        : null;

    /// <summary>The fingerprint the engine's image had when <paramref name="tag"/> was exported.</summary>
    /// <exception cref="DeployMatrixException">It is missing, unreadable, of another format, or of another image than <paramref name="imageId"/>.</exception>
    public ImageFingerprint Fingerprint(string tag, string imageId)
    {
        var file = FingerprintFileOf(DirectoryOf(tag));
        ImageFingerprint fingerprint;
        try
        {
            fingerprint = FingerprintJson.Deserialize(File.ReadAllBytes(file));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new DeployMatrixException($"{file} holds no fingerprint ({e.Message}): {ExportAgain(tag)}.");
        }

        return fingerprint.FormatVersion == ImageFingerprint.CurrentFormatVersion && fingerprint.ImageId == imageId
            ? fingerprint
            : throw new DeployMatrixException($"{file} is a fingerprint of another format or image: {ExportAgain(tag)}.");
    }

    /// <summary>The engine's spec, as it writes it for <paramref name="limits"/>.</summary>
    /// <exception cref="DeployMatrixException">No image was exported here, or the spec's file is not one.</exception>
    public RuncSpecTemplate Template(ContainerLimits limits)
    {
        var (captured, template) = _spec.Value;
        try
        {
            return template.WithLimits(captured, limits);
        }
        catch (InvalidOperationException e)
        {
            throw new DeployMatrixException($"{SpecPath} cannot be shaped for these limits ({e.Message}): export the images again, as root (`{ExportCommand(again: true)}`).");
        }
    }

    /// <summary>The engine's spec, taken for <paramref name="limits"/>, as <see cref="SpecPath"/> keeps it.</summary>
    public static byte[] TemplateJson(RuncSpecTemplate template, ContainerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(template);
        var json = template.ToJson();
        json[LimitsKey] = JsonSerializer.SerializeToNode(limits);
        return JsonSerializer.SerializeToUtf8Bytes(json, Indented);
    }

    /// <summary>What to do about a damaged export: make it again, though its image is unchanged.</summary>
    private static string ExportAgain(string tag) => $"export it again, as root (`{ExportCommand(tag, again: true)}`)";

    private (ContainerLimits, RuncSpecTemplate) ReadSpec()
    {
        if (!File.Exists(SpecPath))
        {
            throw new DeployMatrixException($"No image was exported to {Directory}: {SpecPath} is missing. Export them as root, where the engine is, with `{ExportCommand()}`.");
        }

        try
        {
            var json = JsonNode.Parse(File.ReadAllText(SpecPath))?.AsObject() ?? throw new JsonException("it is empty");
            var limits = json[LimitsKey]?.Deserialize<ContainerLimits>() ?? throw new JsonException($"it names no '{LimitsKey}'");
            return (limits, RuncSpecTemplate.FromJson(json));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new DeployMatrixException($"{SpecPath} is not the engine's spec as an export keeps it ({e.Message}): export the images again, as root (`{ExportCommand(again: true)}`).");
        }
    }
}
