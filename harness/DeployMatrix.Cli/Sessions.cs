using DeployMatrix.Running;

namespace DeployMatrix.Cli;

/// <summary>How the commands start a harness session: saying what an earlier, killed run left and this one removed.</summary>
internal static class Sessions
{
    public static async Task<HarnessSession> StartAsync(CancellationToken cancellationToken)
    {
        var session = await HarnessSession.StartAsync(HarnessAssets.FindLinux32Launcher(), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (session.RemovedAtStart is { Any: true } leftovers)
        {
            Console.Error.WriteLine($"Removed {leftovers} left by an earlier run that was killed.");
        }

        return session;
    }
}
