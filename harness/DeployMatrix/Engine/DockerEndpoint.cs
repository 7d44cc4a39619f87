using System.Runtime.InteropServices;

namespace DeployMatrix.Engine;

/// <summary>
/// Where the engine listens: <c>DOCKER_HOST</c> when set; else the first socket of those an engine keeps on this
/// machine that this process may write to: Docker's, the user's own rootless podman's, root's podman's; else
/// Docker's, whose absence the no-engine message explains.
/// </summary>
internal static partial class DockerEndpoint
{
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>Root's podman service, as <c>podman system service</c> and podman.socket place it.</summary>
    public const string RootfulPodmanSocket = "/run/podman/podman.sock";

    private const int WriteAccess = 2;

    public static Uri Resolve() => Find().Endpoint;

    /// <summary>The endpoint for this process's environment, and why that one.</summary>
    public static (Uri Endpoint, string Why) Find() =>
        Choose(Environment.GetEnvironmentVariable("DOCKER_HOST"), Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR"), MayWrite);

    /// <summary>The endpoint, and why that one: what the engine line of a run says.</summary>
    /// <param name="dockerHost">DOCKER_HOST, when set.</param>
    /// <param name="runtimeDirectory">XDG_RUNTIME_DIR, where a user's rootless podman keeps its socket.</param>
    /// <param name="mayWrite">Whether this process may connect to the socket at a path.</param>
    public static (Uri Endpoint, string Why) Choose(string? dockerHost, string? runtimeDirectory, Func<string, bool> mayWrite)
    {
        ArgumentNullException.ThrowIfNull(mayWrite);
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            return (new Uri(dockerHost), "DOCKER_HOST");
        }

        string[] candidates =
        [
            DefaultSocket,
            .. string.IsNullOrWhiteSpace(runtimeDirectory) ? Array.Empty<string>() : [Path.Combine(runtimeDirectory, "podman", "podman.sock")],
            RootfulPodmanSocket,
        ];
        var looked = string.Join(", ", candidates);
        var found = candidates.FirstOrDefault(mayWrite);
        return found is null
            ? (new Uri("unix://" + DefaultSocket), $"no DOCKER_HOST, and none of {looked} is a socket this user may write to")
            : (new Uri("unix://" + found), found == DefaultSocket ? "Docker's socket" : $"no DOCKER_HOST, and the first socket this user may write to of {looked}");
    }

    private static bool MayWrite(string path) => File.Exists(path) && access(path, WriteAccess) == 0;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int access(string path, int mode);
}
