using System.Text.Json;
using System.Text.Json.Serialization;
using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// The image configuration of a docker-archive: platform, container defaults and layer digests. Written by hand
/// because <c>docker import</c> would record this host's architecture instead of the target's.
/// </summary>
internal sealed record ImageConfigFile(
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("variant")] string? Variant,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("config")] ImageConfigFile.ContainerDefaults Config,
    [property: JsonPropertyName("rootfs")] ImageConfigFile.LayerList Rootfs)
{
    public const string PathVariable = "PATH";

    /// <summary>Docker's default PATH, which Debian's images use too.</summary>
    private const string Path = $"{PathVariable}=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// No Cmd in any image: DeployMatrix always names the program to run, and an empty image has no shell to default
    /// to. i386 images start everything through the linux32 launcher.
    /// </summary>
    public static ImageConfigFile For(ImageTarget target, IReadOnlyList<string> diffIds) => new(
        target.Platform.Architecture,
        VariantOf(target.Platform),
        "linux",
        DateTimeOffset.UtcNow,
        new ContainerDefaults(
            [Path, .. target.Image.Environment.Select(variable => $"{variable.Key}={variable.Value}")],
            target.Launcher is null ? null : [Linux32Launcher.ImagePath],
            target.Labels),
        new LayerList("layers", diffIds));

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    // Docker and OCI name arm64's only variant v8; the other platforms have none.
    private static string? VariantOf(Platform platform) => platform == KnownPlatforms.Arm64 ? "v8" : null;

    internal sealed record ContainerDefaults(
        [property: JsonPropertyName("Env")] IReadOnlyList<string> Env,
        [property: JsonPropertyName("Entrypoint")] IReadOnlyList<string>? Entrypoint,
        [property: JsonPropertyName("Labels")] IReadOnlyDictionary<string, string> Labels);

    internal sealed record LayerList(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("diff_ids")] IReadOnlyList<string> DiffIds);
}
