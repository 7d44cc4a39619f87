namespace DeployMatrix.Engine;

/// <summary>Where the Docker daemon listens: <c>DOCKER_HOST</c> when set, else the default Unix socket.</summary>
internal static class DockerEndpoint
{
    public const string DefaultSocket = "/var/run/docker.sock";

    public static Uri Resolve()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(dockerHost) ? new Uri("unix://" + DefaultSocket) : new Uri(dockerHost);
    }
}
