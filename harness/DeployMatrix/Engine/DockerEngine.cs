using Docker.DotNet;

namespace DeployMatrix.Engine;

/// <summary>
/// The Docker daemon the harness runs containers on, as it answered when connected. Connecting also prepares
/// Testcontainers for this engine: the API version the daemon speaks (Testcontainers asks for a newer one by default)
/// and no resource reaper (its image cannot be pulled without a registry; <see cref="ContainerJanitor"/> cleans up).
/// </summary>
internal sealed class DockerEngine
{
    /// <summary>Every way to run a cell, and how to get each: the one line a host with none of them is told.</summary>
    private const string HowToStart =
        "Image targets need a container engine, which every runtime starts their images from: docker (on Debian, as root: " +
        "apt-get install docker.io, then start dockerd), with runc and bubblewrap beside it for speed (apt-get install runc bubblewrap); " +
        "or point DOCKER_HOST at a running engine. A target that is a root file system directory (rootfs:) needs none of them.";

    private DockerEngine(Uri endpoint, DaemonVersion version)
    {
        Endpoint = endpoint;
        Version = version;
    }

    public Uri Endpoint { get; }

    public DaemonVersion Version { get; }

    public static Task<DockerEngine> ConnectAsync(CancellationToken cancellationToken = default) =>
        ConnectAsync(DockerEndpoint.Resolve(), cancellationToken);

    public static async Task<DockerEngine> ConnectAsync(Uri endpoint, CancellationToken cancellationToken = default)
    {
        DaemonVersion version;
        try
        {
            version = await DaemonVersion.QueryAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(
                $"No Docker engine answers at {endpoint} ({e.Message}). {HowToStart}", e);
        }

        ConfigureTestcontainers(version);
        return new DockerEngine(endpoint, version);
    }

    /// <summary>The image a name (a tag, an id, a pinned reference) names here, or null when the engine has none.</summary>
    /// <exception cref="DockerApiException">The engine refused the question, in its own words.</exception>
    public Task<EngineImage?> InspectImageAsync(string name, CancellationToken cancellationToken = default) =>
        EngineImage.InspectAsync(Endpoint, name, cancellationToken);

    /// <summary>A Docker API client pinned to the version the daemon speaks. The caller disposes it.</summary>
    public DockerClient CreateClient() =>
        new DockerClientBuilder()
            .WithEndpoint(Endpoint)
            .WithApiVersion(System.Version.Parse(Version.ApiVersion))
            .Build();

    private static void ConfigureTestcontainers(DaemonVersion version)
    {
        // Testcontainers reads these once, when its settings are first touched; a user's own choice wins.
        SetUnlessPresent("DOCKER_API_VERSION", version.ApiVersion);
        SetUnlessPresent("TESTCONTAINERS_RYUK_DISABLED", "true");
    }

    private static void SetUnlessPresent(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
