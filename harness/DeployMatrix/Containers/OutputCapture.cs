using System.Buffers;
using System.Text;
using Docker.DotNet;

namespace DeployMatrix.Containers;

/// <summary>
/// Reads a program's stdout and stderr to their end, keeping the first bytes of each up to a limit and dropping the
/// rest: a program that floods its output costs neither memory nor disk, and what is kept is always its beginning.
/// </summary>
internal sealed class OutputCapture
{
    /// <summary>
    /// How long a runtime may take to deliver the last output once the program has ended. It closes the streams as
    /// soon as the container stops; this bound only keeps a misbehaving runtime from hanging a run.
    /// </summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();
    private readonly int _limit;

    private OutputCapture(int limit) => _limit = limit;

    public string Stdout => Decode(_stdout);

    public string Stderr => Decode(_stderr);

    public bool StdoutTruncated { get; private set; }

    public bool StderrTruncated { get; private set; }

    /// <summary>Reads the engine's attached streams until it closes them (the program has ended) or <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<OutputCapture> ReadAsync(MultiplexedStream stdio, int limit, CancellationToken cancellationToken)
    {
        var capture = new OutputCapture(limit);
        var buffer = new byte[81920];
        try
        {
            while (true)
            {
                var read = await stdio.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read.EOF)
                {
                    return capture;
                }

                capture.Keep(read.Target, buffer.AsSpan(0, read.Count));
            }
        }
        catch (OperationCanceledException)
        {
            return capture;
        }
    }

    /// <summary>Reads both pipes to their end (the program and everything it started has ended) or until <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<OutputCapture> ReadAsync(Stream stdout, Stream stderr, int limit, CancellationToken cancellationToken)
    {
        var capture = new OutputCapture(limit);
        await Task.WhenAll(capture.DrainAsync(stdout, isStderr: false, cancellationToken), capture.DrainAsync(stderr, isStderr: true, cancellationToken))
            .ConfigureAwait(false);
        return capture;
    }

    private async Task DrainAsync(Stream stream, bool isStderr, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                // Each pipe has a buffer of its own: the two drains never touch the same one.
                Keep(isStderr, buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Keep(MultiplexedStream.TargetStream target, ReadOnlySpan<byte> bytes) =>
        Keep(target == MultiplexedStream.TargetStream.StandardError, bytes);

    private void Keep(bool isStderr, ReadOnlySpan<byte> bytes)
    {
        var kept = isStderr ? _stderr : _stdout;
        var room = Math.Max(0, _limit - kept.WrittenCount);
        kept.Write(bytes[..Math.Min(room, bytes.Length)]);
        if (bytes.Length > room)
        {
            if (isStderr)
            {
                StderrTruncated = true;
            }
            else
            {
                StdoutTruncated = true;
            }
        }
    }

    private static string Decode(ArrayBufferWriter<byte> bytes) => Encoding.UTF8.GetString(bytes.WrittenSpan);
}
