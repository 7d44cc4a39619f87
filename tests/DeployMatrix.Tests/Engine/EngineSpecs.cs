using DeployMatrix.Engine;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DeployMatrix.Tests.Engine;

/// <summary>
/// The harness asks the daemon which API version it speaks instead of assuming one, and cleans up after sessions
/// that were killed before they could.
/// </summary>
public sealed class EngineSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task The_api_version_comes_from_the_daemon_and_is_given_to_testcontainers()
    {
        var version = await DaemonVersion.QueryAsync(DockerEndpoint.Resolve(), TestContext.Current.CancellationToken);

        Assert.Matches(@"^1\.\d+$", version.ApiVersion);
        Assert.Equal(version.ApiVersion, harness.Session.Engine.Version.ApiVersion);
        Assert.Equal(version.ApiVersion, Environment.GetEnvironmentVariable("DOCKER_API_VERSION"));
    }

    [Fact]
    public async Task No_engine_at_the_endpoint_says_where_it_looked_and_how_to_start_one()
    {
        var error = await Assert.ThrowsAsync<EngineUnavailableException>(
            () => DockerEngine.ConnectAsync(new Uri("unix:///run/deploymatrix-no-such.sock"), TestContext.Current.CancellationToken));

        Assert.StartsWith(
            "No Docker engine answers at unix:///run/deploymatrix-no-such.sock (as given: there is no socket /run/deploymatrix-no-such.sock).",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("apt-get install docker.io", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Containers_left_by_a_killed_session_are_removed_when_the_next_session_starts()
    {
        using var client = harness.Session.Engine.CreateClient();
        var leftover = await client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = "deploymatrix/scratch:amd64",
                Cmd = ["/nothing"],
                Labels = new Dictionary<string, string>
                {
                    [ContainerLabels.Project] = "true",
                    [ContainerLabels.Session] = "killed-session",
                    [ContainerLabels.OwnerProcess] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [ContainerLabels.OwnerHost] = Environment.MachineName,
                },
            },
            TestContext.Current.CancellationToken);

        await using (await ContainerJanitor.StartAsync(harness.Session.Engine, TestContext.Current.CancellationToken))
        {
            await Assert.ThrowsAsync<DockerContainerNotFoundException>(
                () => client.Containers.InspectContainerAsync(leftover.ID, TestContext.Current.CancellationToken));
        }
    }
}
