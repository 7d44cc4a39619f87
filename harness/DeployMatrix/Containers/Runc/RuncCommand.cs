using System.Diagnostics;

namespace DeployMatrix.Containers.Runc;

/// <summary>The runc program, with the state directory this harness keeps its containers in (apart from the engine's).</summary>
internal sealed class RuncCommand(string program, string stateRoot)
{
    public string Program { get; } = program;

    /// <summary>
    /// Starts <c>runc run</c> of a bundle, kept after it ends (so that its cgroup can still be read), stdio piped, in a
    /// session of its own: Ctrl-C in the terminal goes to the harness, which stops its containers itself, not to runc,
    /// which would pass it on to the program mid-run.
    /// </summary>
    public Process StartRun(RuncBundle bundle)
    {
        var start = Start(["--log", bundle.Log, "--log-format", "json", "run", "--keep", "--pid-file", bundle.PidFile, "--bundle", bundle.Directory, bundle.Id], newSession: true);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return Process.Start(start) ?? throw new DeployMatrixException($"{Program} did not start.");
    }

    /// <summary>Sends SIGKILL to a container's processes; false when it had ended already.</summary>
    public async Task<bool> KillAsync(string id) => await ExecuteAsync(["kill", id, "KILL"]).ConfigureAwait(false) == 0;

    /// <summary>
    /// Removes a container whose <c>runc run --keep</c> has returned: its init has ended, so what is left is its state
    /// and its cgroups (with any process of it still dying, which is killed), as <c>runc delete</c> would remove them,
    /// without starting a runc process for it.
    /// </summary>
    public void RemoveEnded(string id) => RemoveRemains(id);

    /// <summary>
    /// Removes a container, killing it first if it still runs, waiting at most a few seconds. What runc leaves of it
    /// (its cgroups, when their last process was still ending; its state, when its <c>runc run</c> was killed before
    /// writing it) is removed too.
    /// </summary>
    public void Delete(string id)
    {
        var delete = Start(["delete", "--force", id]);
        delete.RedirectStandardError = true;
        using (var process = Process.Start(delete))
        {
            // What runc says of a container it cannot find is not the user's business: its remains are removed below.
            process?.StandardError.ReadToEnd();
            process?.WaitForExit(TimeSpan.FromSeconds(5));
        }

        RemoveRemains(id);
    }

    private void RemoveRemains(string id)
    {
        Cgroups.Remove(RuncBundle.CgroupsPathOf(id));
        var state = Path.Combine(stateRoot, id);
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private async Task<int> ExecuteAsync(IReadOnlyList<string> arguments)
    {
        var start = Start(arguments);
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new DeployMatrixException($"{Program} did not start.");
        await process.StandardError.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return process.ExitCode;
    }

    private ProcessStartInfo Start(IReadOnlyList<string> arguments, bool newSession = false)
    {
        // setsid(1) starts runc in a new session without forking (a fresh child leads no group), so its pid is runc's.
        var start = new ProcessStartInfo(newSession ? "setsid" : Program) { UseShellExecute = false, RedirectStandardOutput = false };
        if (newSession)
        {
            start.ArgumentList.Add(Program);
        }

        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(stateRoot);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
