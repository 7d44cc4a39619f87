using System.Collections.Concurrent;
using System.Net.Sockets;

namespace DeployMatrix.Engine;

/// <summary>
/// Plain HTTP to the daemon, for the few questions the harness asks before (or without) Docker.DotNet: one client per
/// endpoint, shared by the whole process as HttpClient is meant to be, over the Unix socket when the endpoint is one.
/// </summary>
internal static class EngineHttp
{
    private static readonly ConcurrentDictionary<Uri, HttpClient> Clients = new();

    public static HttpClient For(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Clients.GetOrAdd(endpoint, Create);
    }

    private static HttpClient Create(Uri endpoint)
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
