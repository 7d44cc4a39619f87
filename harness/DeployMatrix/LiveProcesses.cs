namespace DeployMatrix;

/// <summary>Whether a process of this host still runs: how leftovers of killed runs are told from live ones.</summary>
internal static class LiveProcesses
{
    public static bool IsAlive(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
