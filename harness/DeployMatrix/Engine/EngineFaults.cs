using System.Net.Sockets;
using Docker.DotNet;

namespace DeployMatrix.Engine;

/// <summary>
/// Tells an engine that went away (stopped, restarted, its socket closed) from a request it refused: the first
/// ends a whole run, the second is one cell's business, told in the engine's own words.
/// </summary>
internal static class EngineFaults
{
    /// <summary>The engine's own words: the <c>message</c> of its JSON error body, else the body as it came.</summary>
    public static string MessageOf(DockerApiException e)
    {
        var body = e.ResponseBody ?? e.Message;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.GetProperty("message").GetString() ?? body.Trim();
        }
        catch (Exception parse) when (parse is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body.Trim();
        }
    }

    /// <summary>Whether <paramref name="exception"/>, or what it wraps, is the connection to the engine failing.</summary>
    public static bool IsEngineGone(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or HttpIOException or SocketException or EngineUnavailableException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The run's end, in words a user acts on.</summary>
    public static EngineUnavailableException Lost(Exception exception, string during)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new EngineUnavailableException(
            $"The Docker engine at {DockerEndpoint.Resolve()} stopped answering {during} ({exception.GetBaseException().Message}): " +
            "start it again (as root: dockerd, or systemctl start docker) and run again.",
            exception);
    }
}
