using System.Text.Json;

namespace DeployMatrix.Running;

/// <summary>
/// The digest each per-platform alias was pulled at, kept in the cache directory, so that a run which pulls nothing
/// still reports it. The engine's own record (<c>RepoDigests</c>) belongs to the image, not the tag: an image that two
/// indexes share lists both digests, and only the pull knew which one the reference named.
/// </summary>
internal sealed class PulledDigests(string file)
{
    private readonly object _lock = new();

    public static PulledDigests InCache() => new(Path.Combine(CacheDirectory.Of("pulls"), "digests.json"));

    /// <summary>The digest <paramref name="alias"/> was pulled at, when it still holds the image <paramref name="imageId"/>.</summary>
    public string? For(string alias, string imageId)
    {
        lock (_lock)
        {
            return Read().TryGetValue(alias, out var pulled) && pulled.ImageId == imageId ? pulled.Digest : null;
        }
    }

    public void Record(string alias, string imageId, string digest)
    {
        lock (_lock)
        {
            var all = Read();
            all[alias] = new Pulled(imageId, digest);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                AtomicFile.WriteAllText(file, JsonSerializer.Serialize(all));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Without the record, a later run reports the digest only where the engine's is unambiguous.
            }
        }
    }

    private SortedDictionary<string, Pulled> Read()
    {
        try
        {
            return JsonSerializer.Deserialize<SortedDictionary<string, Pulled>>(File.ReadAllText(file)) ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }

    /// <summary>What an alias held when it was pulled.</summary>
    internal sealed record Pulled(string ImageId, string Digest);
}
