using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace DeployMatrix.Engine;

/// <summary>
/// The credentials `docker login` keeps for registries in the docker CLI's config (<c>$DOCKER_CONFIG/config.json</c>,
/// else <c>~/.docker/config.json</c>), handed to the engine with each pull as the CLI does: the engine itself knows
/// none. Only the config's own <c>auths</c> are read; a credential helper (<c>credsStore</c>, <c>credHelpers</c>) is
/// named in the error of a pull that needed credentials, not run.
/// </summary>
internal sealed class RegistryCredentials
{
    private readonly Dictionary<string, AuthConfig> _byRegistry;

    private RegistryCredentials(string file, Dictionary<string, AuthConfig> byRegistry, bool hasHelpers)
    {
        File = file;
        _byRegistry = byRegistry;
        HasHelpers = hasHelpers;
    }

    /// <summary>The config file read (which may not exist).</summary>
    public string File { get; }

    /// <summary>The config names credential helpers, which this reader does not run.</summary>
    public bool HasHelpers { get; }

    /// <summary>The config of this user, or of <c>DOCKER_CONFIG</c>.</summary>
    public static RegistryCredentials FromEnvironment() =>
        In(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } directory
            ? directory
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"));

    /// <exception cref="DeployMatrixException">The config exists and is not one the docker CLI would read.</exception>
    public static RegistryCredentials In(string directory)
    {
        var file = Path.Combine(directory, "config.json");
        if (!System.IO.File.Exists(file))
        {
            return new RegistryCredentials(file, [], hasHelpers: false);
        }

        try
        {
            using var config = JsonDocument.Parse(System.IO.File.ReadAllText(file));
            var root = config.RootElement;
            var found = new Dictionary<string, AuthConfig>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("auths", out var auths))
            {
                foreach (var entry in auths.EnumerateObject())
                {
                    if (entry.Value.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
                    {
                        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded)).Split(':', 2);
                        found[Host(entry.Name)] = new AuthConfig { Username = pair[0], Password = pair.ElementAtOrDefault(1), ServerAddress = entry.Name };
                    }
                }
            }

            return new RegistryCredentials(file, found, root.TryGetProperty("credsStore", out _) || root.TryGetProperty("credHelpers", out _));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or IOException)
        {
            throw new DeployMatrixException($"{file}: not a docker config the harness can read ({e.Message}); fix it or point DOCKER_CONFIG elsewhere.");
        }
    }

    /// <summary>The credentials for <paramref name="registry"/> (host and port), or null.</summary>
    public AuthConfig? For(string registry) => _byRegistry.GetValueOrDefault(Host(registry));

    /// <summary><c>127.0.0.1:5000</c> for <c>http://127.0.0.1:5000/v2/</c>: config keys are written either way.</summary>
    private static string Host(string key)
    {
        var host = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        return host.Split('/')[0];
    }
}
