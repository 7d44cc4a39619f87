using System.Diagnostics;
using System.Text.RegularExpressions;
using DeployMatrix.Containers.Bubblewrap;
using DeployMatrix.Platforms;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Cli;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// bubblewrap, run by a user who is not root with no engine at all, over the images exported for that user
/// (<c>deploymatrix images export --owner USER</c>): the default matrix gives every cell its reviewed snapshot, the
/// hostile matrix's limits that need no cgroup hold as under the engine, the run says what it lacks, and a run killed
/// outright or by Ctrl-C leaves no process of its cells. As root, the images are exported for <c>nobody</c> and the command runs as
/// <c>nobody</c> (setpriv) with <c>DOCKER_HOST</c> naming no engine; as another user they are skipped.
/// </summary>
public sealed partial class UnprivilegedBubblewrapSpecs(ContainerHarness harness)
{
    [Theory]
    [InlineData("matrix.yaml", "tests/DeployMatrix.Tests")]
    [InlineData("matrices/read-only-root.yaml", "tests/DeployMatrix.Tests/WritableRoot")]
    [InlineData("matrices/third-party.yaml", "tests/DeployMatrix.Tests/ThirdParty")]
    public async Task A_matrix_gives_every_cell_its_reviewed_snapshot(string matrix, string snapshots)
    {
        var output = await RunAsNobodyAsync(matrix, snapshots);

        var cells = Tests.Matrix.RepositoryMatrices.Load(matrix).Cells().Count;
        Assert.Contains($"runtime: bubblewrap ({BubblewrapContainerRunner.Unprivileged})", output, StringComparison.Ordinal);
        Assert.Contains($"{cells} cells in ", output, StringComparison.Ordinal);
        Assert.Contains($": {cells} match, 0 changed, 0 new, 0 contradict their prediction", output, StringComparison.Ordinal);
    }

    /// <summary>The process limit (RLIMIT_NPROC in the cell's own user namespace), the root's and /tmp's bounds, open files, and the isolation.</summary>
    [Fact]
    public async Task The_hostile_matrix_meets_the_limits_that_need_no_cgroup()
    {
        string[] binaries = ["fork-bomb", "fill-disk", "exhaust-fds", "write-image", "orphan", "set-hostname", "try-mount", "connect-network"];

        var output = await RunAsNobodyAsync("matrices/hostile.yaml", "tests/DeployMatrix.Tests/Hostile", $"--filter:binaries={string.Join(',', binaries)}");

        var cells = Tests.Matrix.RepositoryMatrices.Load("matrices/hostile.yaml").AllCells().Count(cell => binaries.Contains(cell.Binary.Name));
        Assert.Contains($": {cells} match, 0 changed, 0 new", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// SIGKILL to the command: its keeper reads the end of its input, each cell's launcher sees the keeper end and
    /// kills its bubblewrap. Ctrl-C in a terminal (SIGINT to the command's process group): the command ends its
    /// session, which removes its directory too.
    /// </summary>
    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("Ctrl-C")]
    public async Task An_interrupted_run_leaves_no_process_of_its_cells(string interruption)
    {
        SkipUnlessRoot();
        var exports = await ExportsForNobody.GetAsync(harness);
        var directory = ExportsForNobody.ScratchDirectory(harness, "interrupted-run");
        Process? running = null;
        try
        {
            File.WriteAllText(Path.Combine(directory, "matrix.yaml"), $"""
                snapshots: .
                binaries:
                  - name: sleeps
                    path: {harness.Assets.Fixture(KnownPlatforms.Amd64, "sleeps")}
                    cases:
                      - name: long
                        args: ["300"]
                        timeout: 600s
                targets:
                  - name: debian-12
                    image: deploymatrix/debian:12-amd64
                    platforms: [linux/amd64]
                runner:
                  runtime: bubblewrap
                """);
            // setsid: the command leads a process group of its own, as a shell's foreground job does; and SIGINT is
            // delivered, even where the test run itself was started with it ignored (a background job of a script).
            var run = running = Process.Start(AsNobody(directory, exports, ["run"], ["setsid", "env", "--default-signal=INT"]))!;
            var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
            run.OutputDataReceived += (_, line) => said.Enqueue(line.Data ?? "");
            run.ErrorDataReceived += (_, line) => said.Enqueue(line.Data ?? "");
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            // The probe container that checks the runtime comes and goes first: the cell is the one running sleeps.
            var (launcher, cell, program) = await WaitForAsync(() => RunningCell(directory), () => string.Join('\n', said));
            var keeper = Processes().Single(p => p.Parent == run.Id && p.CommandLine.EndsWith("--keep", StringComparison.Ordinal));

            if (interruption == "SIGKILL")
            {
                run.Kill();
            }
            else
            {
                using var kill = Process.Start("kill", ["-INT", "--", $"-{run.Id}"]);
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            // Bounded: a command that outlives its interruption fails the spec instead of holding up the test run.
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
            {
                deadline.CancelAfter(TimeSpan.FromMinutes(1));
                await run.WaitForExitAsync(deadline.Token);
            }

            int[] ended = [keeper.Id, launcher.Id, cell.Id, program.Id];
            var clock = Stopwatch.StartNew();
            while (ended.Any(IsLive) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.True(!ended.Any(IsLive), $"still running after the {interruption}: {string.Join(", ", Processes().Where(p => ended.Contains(p.Id)))}");
            if (interruption == "Ctrl-C")
            {
                Assert.Equal(130, run.ExitCode);
                var sessions = Path.Combine(directory, "deploymatrix-nobody", "sessions");
                Assert.Empty(Directory.Exists(sessions) ? Directory.EnumerateFileSystemEntries(sessions) : []);
            }
        }
        finally
        {
            // A failure above leaves nothing running.
            if (running is { HasExited: false })
            {
                running.Kill(entireProcessTree: true);
            }

            running?.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="matrix"/> of the checkout as nobody, on a copy of its snapshots that nobody may write received files beside.</summary>
    private async Task<string> RunAsNobodyAsync(string matrix, string snapshots, params string[] arguments)
    {
        SkipUnlessRoot();
        var exports = await ExportsForNobody.GetAsync(harness);
        var directory = ExportsForNobody.ScratchDirectory(harness, "unprivileged");
        try
        {
            var copy = Path.Combine(directory, "snapshots");
            CopyReviewed(Path.Combine(harness.Assets.Root, snapshots, SnapshotStore.VerifiedFolder), Path.Combine(copy, SnapshotStore.VerifiedFolder));
            var result = await DeployMatrixCli.RunAsync(
                ["run", Path.Combine(harness.Assets.Root, matrix), $"--snapshots={copy}", "--runner:runtime=bubblewrap", .. arguments],
                directory,
                Environment(directory, exports),
                launcher: Nobody);
            var output = result.StandardOutput + result.StandardError;
            Assert.DoesNotContain("Docker", output, StringComparison.Ordinal);
            Assert.True(result.ExitCode == 0, output);
            return output;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>setpriv's command line that makes the command nobody's.</summary>
    private static readonly string[] Nobody =
        ["setpriv", $"--reuid={ExportsForNobody.Uid}", $"--regid={ExportsForNobody.Uid}", "--clear-groups"];

    /// <summary>No engine where the command looks, the exports where it looks, and nobody's own home and runtime directory.</summary>
    private static Dictionary<string, string> Environment(string directory, string exports) => new()
    {
        ["DOCKER_HOST"] = $"unix://{directory}/no-engine.sock",
        ["HOME"] = directory,
        ["DOTNET_CLI_HOME"] = directory,
        ["XDG_CACHE_HOME"] = directory,
        ["XDG_RUNTIME_DIR"] = "",
        ["TMPDIR"] = directory,
        [DeployMatrix.Exports.ImageExports.DirectoryVariable] = exports,
    };

    /// <summary>The command as nobody, as <see cref="DeployMatrixCli"/> starts it, but left to run: it is interrupted.</summary>
    private static ProcessStartInfo AsNobody(string directory, string exports, IEnumerable<string> arguments, IReadOnlyList<string> before)
    {
        string[] command = [.. before, .. Nobody, "dotnet", DeployMatrixCli.AssemblyPath, .. arguments];
        var start = new ProcessStartInfo(command[0]) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(directory, exports))
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static void CopyReviewed(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*" + SnapshotStore.Extension))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(to, (UnixFileMode)0b111_111_111);
        }
    }

    private static void SkipUnlessRoot() =>
        Assert.SkipUnless(System.Environment.IsPrivilegedProcess, "exports images as root for nobody, then runs as nobody");

    /// <summary>What <paramref name="found"/> finds, looking again until it does (at most a minute).</summary>
    /// <param name="found">What looks.</param>
    /// <param name="said">What the command has said so far, for the failure's message.</param>
    private static async Task<T> WaitForAsync<T>(Func<T?> found, Func<string> said)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (found() is { } value)
            {
                return value;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var near = Processes().Where(p => p.Name is "exec" or "bwrap" or "sleeps" or "dotnet");
        throw new TimeoutException(
            $"What was looked for did not appear within a minute. The command said:\n{said()}\nProcesses:\n{string.Join('\n', near)}");
    }

    /// <summary>The launcher, bubblewrap and program of the cell of the run in <paramref name="directory"/> whose program is <c>sleeps</c>, or null.</summary>
    private static Tuple<Proc, Proc, Proc>? RunningCell(string directory)
    {
        var all = Processes().ToDictionary(p => p.Id);
        return all.Values
            .Where(p => p.Name == "sleeps")
            .Select(program => (Program: program, Bubblewrap: all.GetValueOrDefault(program.Parent)))
            .Where(x => x.Bubblewrap?.Name == "bwrap")
            .Select(x => (x.Program, x.Bubblewrap, Launcher: all.GetValueOrDefault(x.Bubblewrap!.Parent)))
            .Where(x => x.Launcher?.Name == "exec" && x.Launcher.CommandLine.Contains(directory, StringComparison.Ordinal))
            .Select(x => Tuple.Create(x.Launcher!, x.Bubblewrap!, x.Program))
            .FirstOrDefault();
    }

    private sealed record Proc(int Id, int Parent, string Name, string CommandLine);

    /// <summary>This host's processes, of any user; one that ended while being read is left out.</summary>
    private static List<Proc> Processes()
    {
        var processes = new List<Proc>();
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var stat = StatFields().Match(File.ReadAllText(Path.Combine(directory, "stat")));
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
                processes.Add(new Proc(int.Parse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(stat.Groups["parent"].Value, System.Globalization.CultureInfo.InvariantCulture), stat.Groups["name"].Value, commandLine));
            }
            catch (IOException)
            {
            }
        }

        return processes;
    }

    /// <summary>Whether a process still runs: a zombie (ended, not yet reaped by whoever adopted it) does not.</summary>
    private static bool IsLive(int id)
    {
        try
        {
            return StatFields().Match(File.ReadAllText($"/proc/{id}/stat")).Groups["state"].Value != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\d+ \((?<name>.*)\) (?<state>\S) (?<parent>\d+) ")]
    private static partial Regex StatFields();
}
