using System.Diagnostics;

namespace DeployMatrix.Containers.Runc;

/// <summary>The runc program, with the state directory this harness keeps its containers in (apart from the engine's).</summary>
internal sealed class RuncCommand(string program, string stateRoot)
{
    public string Program { get; } = program;

    /// <summary>Starts <c>runc run</c> of a bundle, kept after it ends (so that its cgroup can still be read), stdio piped.</summary>
    public Process StartRun(RuncBundle bundle)
    {
        var start = Start(["--log", bundle.Log, "--log-format", "json", "run", "--keep", "--bundle", bundle.Directory, bundle.Id]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return Process.Start(start) ?? throw new DeployMatrixException($"{Program} did not start.");
    }

    /// <summary>Sends SIGKILL to a container's processes; false when it had ended already.</summary>
    public async Task<bool> KillAsync(string id) => await ExecuteAsync(["kill", id, "KILL"]).ConfigureAwait(false) == 0;

    /// <summary>Removes a container, killing it first if it still runs.</summary>
    public Task DeleteAsync(string id) => ExecuteAsync(["delete", "--force", id]);

    /// <summary>
    /// Removes a container, waiting at most a few seconds: for exit paths. One that runc cannot delete (its
    /// <c>runc run</c> was killed before it wrote the container's state) goes with its cgroups and state directory.
    /// </summary>
    public void Delete(string id)
    {
        var delete = Start(["delete", "--force", id]);
        delete.RedirectStandardError = true;
        using (var process = Process.Start(delete))
        {
            // What runc says of a container it cannot find is not the user's business: the state is removed below.
            process?.StandardError.ReadToEnd();
            process?.WaitForExit(TimeSpan.FromSeconds(5));
        }

        // runc may drop the state directory of such a container and leave its cgroups.
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

    private ProcessStartInfo Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Program) { UseShellExecute = false, RedirectStandardOutput = false };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(stateRoot);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
