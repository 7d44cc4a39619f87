using System.Collections.Concurrent;
using System.Net.Sockets;

namespace DeployMatrix.Tests.Engine;

/// <summary>
/// A socket that forwards to the engine's until it is severed, as if the daemon had stopped: every connection is
/// cut and new ones are refused. How a spec makes the engine go away mid-run without stopping the daemon that every
/// other spec is using.
/// </summary>
internal sealed class SeverableEngineProxy : IAsyncDisposable
{
    private readonly string _upstream;
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly ConcurrentBag<Socket> _open = [];
    private readonly CancellationTokenSource _severed = new();
    private readonly Task _accepting;

    public SeverableEngineProxy(string upstreamSocket)
    {
        _upstream = upstreamSocket;
        // Short: a socket's path is limited to about 100 bytes, and ./dm test's TMPDIR is already a directory of its own.
        SocketPath = Path.Combine(Path.GetTempPath(), $"dm-proxy-{Guid.NewGuid().ToString("N")[..8]}.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
        _accepting = AcceptAsync();
    }

    public string SocketPath { get; }

    /// <summary>As <c>DOCKER_HOST</c> names it.</summary>
    public string DockerHost => "unix://" + SocketPath;

    public bool IsSevered => _severed.IsCancellationRequested;

    public void Sever()
    {
        if (IsSevered)
        {
            return;
        }

        _severed.Cancel();
        _listener.Dispose();
        File.Delete(SocketPath);
        foreach (var socket in _open)
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Sever();
        await _accepting.ConfigureAwait(false);
        _severed.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!IsSevered)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_severed.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using (client)
        {
            _open.Add(client);
            _open.Add(upstream);
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_upstream), _severed.Token).ConfigureAwait(false);
                await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
            {
                // Severed, or one side hung up: both ends close.
            }
        }
    }

    /// <summary>One direction, passing on a half-close (the engine's attach closes the program's stdin so).</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _severed.Token).ConfigureAwait(false)) > 0)
        {
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _severed.Token).ConfigureAwait(false);
        }

        to.Shutdown(SocketShutdown.Send);
    }
}
