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
        "or podman (apt-get install podman uidmap, then podman system service --time=0, whose socket " +
        "(/run/podman/podman.sock, or $XDG_RUNTIME_DIR/podman/podman.sock for a user) is found without DOCKER_HOST); " +
        "or point DOCKER_HOST at another running engine; " +
        "or, for a user who is not root and no engine at all, bubblewrap over images exported for that user " +
        "(apt-get install bubblewrap; as root, where docker runs: deploymatrix images export --owner USER). " +
"A target that is a root file system directory (rootfs:) needs none of them.";

    private DockerEngine(Uri endpoint, string endpointReason, DaemonVersion version, PodmanHost? podman)
    {
        Endpoint = endpoint;
        EndpointReason = endpointReason;
        Version = version;
        Podman = podman;
    }

    public Uri Endpoint { get; }

    /// <summary>Why this endpoint: <c>DOCKER_HOST</c>, Docker's socket, or the first socket of podman's found.</summary>
    public string EndpointReason { get; }

    public DaemonVersion Version { get; }

    /// <summary>Where podman runs (rootless, its cgroup controllers), when the engine is podman; null for Docker.</summary>
    public PodmanHost? Podman { get; }

    /// <summary>The engine in one line, with what it does not enforce: <c>Docker 20.10.24</c>, <c>Podman 4.3.1, rootless, cgroup v1: …</c>.</summary>
    public string Describe() => Podman?.Describe(Version.Product) ?? Version.Product;

    public static Task<DockerEngine> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var (endpoint, why) = DockerEndpoint.Find();
        return ConnectAsync(endpoint, why, cancellationToken);
    }

    public static Task<DockerEngine> ConnectAsync(Uri endpoint, CancellationToken cancellationToken = default) =>
        ConnectAsync(endpoint, "as given", cancellationToken);

    private static async Task<DockerEngine> ConnectAsync(Uri endpoint, string why, CancellationToken cancellationToken)
    {
        DaemonVersion version;
        PodmanHost? podman;
        try
        {
            version = await DaemonVersion.QueryAsync(endpoint, cancellationToken).ConfigureAwait(false);
            podman = version.IsPodman ? await PodmanHost.QueryAsync(endpoint, cancellationToken).ConfigureAwait(false) : null;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(
                $"No Docker engine answers at {endpoint} ({why}: {e.Message}). {HowToStart}", e);
        }

        ConfigureTestcontainers(endpoint, version);
        return new DockerEngine(endpoint, why, version, podman);
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

    private static void ConfigureTestcontainers(Uri endpoint, DaemonVersion version)
    {
        // Testcontainers reads these once, when its settings are first touched; a user's own choice wins. It looks
        // for no podman socket of its own, so it is told the one found.
        SetUnlessPresent("DOCKER_HOST", endpoint.ToString());
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
