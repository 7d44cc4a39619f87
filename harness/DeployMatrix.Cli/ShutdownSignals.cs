using System.Runtime.InteropServices;

namespace DeployMatrix.Cli;

/// <summary>
/// Turns Ctrl-C, SIGTERM and SIGHUP into cancellation instead of an immediate exit, so that runs remove their
/// containers and builds their directories before the process ends, with exit code 130 whatever the signal.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>True once a signal asked the command to stop.</summary>
    public bool Interrupted => _cancellation.IsCancellationRequested;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!_cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Interrupted ({context.Signal}): stopping, and removing what this run made.");
            _cancellation.Cancel();
        }
    }
}
