using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeployMatrix.Fingerprints;

/// <summary>How fingerprints are written to and read from JSON: camelCase names, enums by name (<c>"glibc"</c>).</summary>
internal static partial class FingerprintJson
{
    /// <remarks>Nulls are written: every constructor parameter and required member must be present to be read back.</remarks>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = Metadata.Default,
    };

    public static byte[] Serialize(ImageFingerprint fingerprint) => JsonSerializer.SerializeToUtf8Bytes(fingerprint, Options);

    /// <exception cref="JsonException">The text is not a fingerprint.</exception>
    public static ImageFingerprint Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ImageFingerprint>(json, Options) ?? throw new JsonException("null is not a fingerprint");

    // Generated at build time: reflection would emit code at run time, on the first fingerprint each command reads.
    [JsonSerializable(typeof(ImageFingerprint))]
    private sealed partial class Metadata : JsonSerializerContext;
}
