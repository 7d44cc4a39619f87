using DeployMatrix.Engine;

namespace DeployMatrix.Tests.Engine;

/// <summary>
/// With no <c>DOCKER_HOST</c>, the harness finds the engine by the sockets on this machine it may write to: Docker's
/// first, then the user's own rootless podman, then root's podman; and says which it took and why.
/// </summary>
public sealed class DockerEndpointSpecs
{
    private const string RuntimeDirectory = "/run/user/1002";
    private const string UserPodman = "/run/user/1002/podman/podman.sock";

    public static TheoryData<string?, string[], string, string> Cases => new()
    {
        { "unix:///srv/engine.sock", [DockerEndpoint.DefaultSocket], "unix:///srv/engine.sock", "DOCKER_HOST" },
        { null, [DockerEndpoint.DefaultSocket, UserPodman, DockerEndpoint.RootfulPodmanSocket], "unix:///var/run/docker.sock", "Docker's socket" },
        { "", [UserPodman, DockerEndpoint.RootfulPodmanSocket], "unix://" + UserPodman, "no DOCKER_HOST, and the first socket this user may write to" },
        { null, [DockerEndpoint.RootfulPodmanSocket], "unix:///run/podman/podman.sock", "no DOCKER_HOST, and the first socket this user may write to" },
        { null, [], "unix:///var/run/docker.sock", "none of /var/run/docker.sock, /run/user/1002/podman/podman.sock, /run/podman/podman.sock" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_endpoint_is_DOCKER_HOST_else_the_first_writable_socket_of_docker_and_podman(
        string? dockerHost, string[] writable, string endpoint, string why)
    {
        var (chosen, reason) = DockerEndpoint.Choose(dockerHost, RuntimeDirectory, writable.Contains);

        Assert.Equal(endpoint, chosen.ToString());
        Assert.Contains(why, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_runtime_directory_only_the_system_sockets_are_looked_at()
    {
        var looked = new List<string>();

        DockerEndpoint.Choose(null, null, path => { looked.Add(path); return false; });

        Assert.Equal([DockerEndpoint.DefaultSocket, DockerEndpoint.RootfulPodmanSocket], looked);
    }
}
