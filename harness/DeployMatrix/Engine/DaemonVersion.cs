using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;

namespace DeployMatrix.Engine;

/// <summary>What the daemon says of itself on <c>GET /version</c>.</summary>
internal sealed partial record DaemonVersion(
    [property: JsonPropertyName("Version")] string Version,
    [property: JsonPropertyName("ApiVersion")] string ApiVersion,
    [property: JsonPropertyName("Os")] string Os,
    [property: JsonPropertyName("Arch")] string Arch)
{
    /// <summary>
    /// Asks the daemon over the unversioned <c>/version</c> path, which every API version serves, so the answer does
    /// not depend on guessing a version first.
    /// </summary>
    public static async Task<DaemonVersion> QueryAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var http = CreateHttpClient(endpoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var version = await http.GetFromJsonAsync("/version", Json.Default.DaemonVersion, timeout.Token).ConfigureAwait(false);
        return version ?? throw new InvalidOperationException($"The daemon at {endpoint} answered /version with nothing.");
    }

    // Generated at build time: reflection-based reading would emit code at run time, on every command's first step.
    [JsonSerializable(typeof(DaemonVersion))]
    private sealed partial class Json : JsonSerializerContext;

    private static HttpClient CreateHttpClient(Uri endpoint)
    {
        if (endpoint.Scheme != "unix")
        {
            var builder = new UriBuilder(endpoint) { Scheme = "http" };
            return new HttpClient { BaseAddress = builder.Uri };
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.AbsolutePath), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker") };
    }
}
