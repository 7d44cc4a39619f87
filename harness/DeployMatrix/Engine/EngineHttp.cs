using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeployMatrix.Engine;

/// <summary>
/// Plain HTTP/1.0 GETs to the daemon, for the few questions the harness asks before (or without) Docker.DotNet: one
/// connection per question, closed by the daemon after its answer, which HTTP/1.0 sends whole (no chunks). Written
/// out instead of through HttpClient, whose handler loads TLS and cryptography on first use: 70 ms of a command
/// (predict) that asks the daemon two questions.
/// </summary>
internal static class EngineHttp
{
    /// <summary>An answer: its status and its body.</summary>
    internal sealed record Response(HttpStatusCode Status, byte[] Body)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300;

        public string Text => Encoding.UTF8.GetString(Body);
    }

    /// <exception cref="SocketException">Nothing listens at the endpoint.</exception>
    /// <exception cref="IOException">There is no such socket, or the daemon's answer is not HTTP/1.0.</exception>
    public static async Task<Response> GetAsync(Uri endpoint, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.AbsolutePath))
        {
            // The socket layer would say "Cannot assign requested address".
            throw new IOException($"there is no socket {endpoint.AbsolutePath}");
        }

        using var socket = endpoint.Scheme == "unix"
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        EndPoint address = endpoint.Scheme == "unix" ? new UnixDomainSocketEndPoint(endpoint.AbsolutePath) : new DnsEndPoint(endpoint.Host, endpoint.Port);
        await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n"), cancellationToken).ConfigureAwait(false);

        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            answer.Write(buffer, 0, read);
        }

        return Parse(answer.GetBuffer().AsSpan(0, (int)answer.Length), endpoint);
    }

    private static Response Parse(ReadOnlySpan<byte> answer, Uri endpoint)
    {
        var headEnd = answer.IndexOf("\r\n\r\n"u8);
        var statusLine = headEnd < 0 ? "" : Encoding.ASCII.GetString(answer[..Math.Max(0, answer.IndexOf("\r\n"u8))]);
        // "HTTP/1.0 200 OK"
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new IOException($"The daemon at {endpoint} did not answer in HTTP ({answer.Length} bytes beginning '{Encoding.ASCII.GetString(answer[..Math.Min(40, answer.Length)])}').");
        }

        if (Encoding.ASCII.GetString(answer[..headEnd]).Contains("\r\nTransfer-Encoding:", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"The daemon at {endpoint} answered an HTTP/1.0 request in chunks: '{statusLine}'.");
        }

        return new Response((HttpStatusCode)status, answer[(headEnd + 4)..].ToArray());
    }
}
