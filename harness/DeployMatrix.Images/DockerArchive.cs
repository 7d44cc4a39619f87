using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;

namespace DeployMatrix.Images;

/// <summary>
/// The docker-archive format <c>docker load</c> reads: <c>manifest.json</c>, the image configuration named by its
/// digest, and each layer as <c>DIGEST/layer.tar</c>.
/// </summary>
internal static class DockerArchive
{
    public static async Task WriteAsync(ImageTarget target, LayerTar? layer, string path, CancellationToken cancellationToken)
    {
        IReadOnlyList<LayerTar> layers = layer is null ? [] : [layer];
        var config = ImageConfigFile.For(target, [.. layers.Select(l => l.DiffId)]).ToUtf8Json();
        var configName = Convert.ToHexStringLower(SHA256.HashData(config)) + ".json";
        var layerNames = layers.Select(l => l.DiffId["sha256:".Length..] + "/layer.tar").ToList();
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new[]
        {
            new Dictionary<string, object>
            {
                ["Config"] = configName,
                ["RepoTags"] = new[] { target.Tag },
                ["Layers"] = layerNames,
            },
        });

        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var writer = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: false);
            await using (writer.ConfigureAwait(false))
            {
                await WriteBytesAsync(writer, "manifest.json", manifest, cancellationToken).ConfigureAwait(false);
                await WriteBytesAsync(writer, configName, config, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < layers.Count; i++)
                {
                    await writer.WriteEntryAsync(layers[i].Path, layerNames[i], cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task WriteBytesAsync(TarWriter writer, string name, byte[] content, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream(content);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data };
        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }
}
