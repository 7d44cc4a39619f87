using DeployMatrix.Fingerprints;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Fingerprints;

/// <summary>The engine's fingerprinter, counting the fingerprints it takes: each take creates one container.</summary>
internal sealed class CountingFingerprinter(IImageFingerprinter inner) : IImageFingerprinter
{
    private int _takes;

    public int Takes => Volatile.Read(ref _takes);

    /// <summary>Makes each take wait until this completes, to line requests up behind one.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Task<ImageIdentity?> InspectAsync(string localTag, CancellationToken cancellationToken) =>
        inner.InspectAsync(localTag, cancellationToken);

    public async Task<ImageFingerprint> TakeAsync(ImageIdentity image, Platform platform, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _takes);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return await inner.TakeAsync(image, platform, cancellationToken);
    }
}
