using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeployMatrix.Fingerprints;

/// <summary>How fingerprints are written to and read from JSON: camelCase names, enums by name (<c>"glibc"</c>).</summary>
internal static class FingerprintJson
{
    /// <remarks>Nulls are written: every constructor parameter and required member must be present to be read back.</remarks>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static byte[] Serialize(ImageFingerprint fingerprint) => JsonSerializer.SerializeToUtf8Bytes(fingerprint, Options);

    /// <exception cref="JsonException">The text is not a fingerprint.</exception>
    public static ImageFingerprint Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ImageFingerprint>(json, Options) ?? throw new JsonException("null is not a fingerprint");
}
