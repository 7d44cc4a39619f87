using System.Diagnostics;
using DeployMatrix.Elf;
using DeployMatrix.Platforms;

namespace DeployMatrix.Containers.RootLoader;

/// <summary>
/// Runs a program of a target that is a root file system directory (<c>rootfs:</c>) on this host, through that root's
/// own loader, with no container: <c>ROOT/lib64/ld-linux-x86-64.so.2 --inhibit-cache --audit root-audit.so
/// --library-path ROOT/lib/x86_64-linux-gnu:… PROGRAM</c>. The loader, the C library and every library come from the
/// root; nothing else does: the program sees this host's /etc, /proc, users, network and limits (only the timeout and
/// the output limit hold), and a program it starts runs on this host's own loader.
/// <list type="bullet">
/// <item>The program's files are linked into a directory of their own, at their paths in a container (<c>/app</c>).</item>
/// <item>glibc's loader searches in its own order (RPATH, <c>LD_LIBRARY_PATH</c>, RUNPATH, its built-in directories),
/// and the audit module (<see cref="RootAudit"/>) makes every path it opens the root's. The root's
/// /etc/ld.so.cache is not read (<c>--inhibit-cache</c>: the loader would read this host's); the directories only it
/// lists (<c>/etc/ld.so.conf</c>'s beyond the built-in ones) are given as a library path, searched before RUNPATH.</item>
/// <item>musl's loader has no such hook: its library path is the root's search directories, searched before RUNPATH,
/// and after them it looks in this host's /lib and /usr/lib.</item>
/// <item>What the program prints names its own and the root's paths as a container would (<c>/app/hello</c>,
/// <c>/lib/x86_64-linux-gnu/libc.so.6</c>), so loader messages read, and are classified, as in a container.</item>
/// </list>
/// </summary>
internal sealed class RootLoaderRunner : IDisposable
{
    private readonly string? _linux32Launcher;
    private readonly string _directory;
    private readonly string _stages;
    private readonly RootAudit _audit;

    /// <param name="linux32Launcher">The static launcher that gives linux/386 programs their personality, or null.</param>
    public RootLoaderRunner(string? linux32Launcher)
    {
        _linux32Launcher = linux32Launcher;
        _directory = Directory.CreateTempSubdirectory("deploymatrix-roots-").FullName;
        _stages = Directory.CreateDirectory(Path.Join(_directory, "stages")).FullName;
        _audit = new RootAudit(_directory, _stages);
    }

    /// <summary>The PATH a container of an image that sets none gets.</summary>
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private const string LibraryPathVariable = "LD_LIBRARY_PATH";

    /// <summary>Removes the stages and the audit modules' copies.</summary>
    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Runs <paramref name="request"/> in the root <c>request.Image</c> names, whose loader is described by <paramref name="root"/>.</summary>
    public async Task<ContainerResult> RunAsync(ContainerRequest request, RootLoaderPath root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(root);
        using var stage = StagedFiles.Create(request.Files, _stages);
        var program = request.Command[0];
        var paths = new PathNames();
        paths.Add(stage.Directory, "");

        var interpreter = ElfFile.Read(stage.HostFileOf(program)).Interpreter;
        IReadOnlyList<string> command = [stage.HostPathOf(program), .. request.Command.Skip(1)];
        if (interpreter is not null)
        {
            var loader = RootPath.Resolve(request.Image, interpreter);
            if (!File.Exists(loader))
            {
                // What the kernel answers for a missing PT_INTERP is ENOENT for the program; this says which file.
                return new ContainerResult { ExitCode = 127, Stderr = $"{program}: {InterpreterMissing} {interpreter}\n", Runtime = ContainerRuntime.Loader, NotGiven = NotGiven };
            }

            paths.Add(loader, interpreter);
            command = [loader, .. LoaderOptions(root, request, stage, program), .. command];
        }

        paths.Add(request.Image, "");
        if (request.Platform.NeedsLinux32Personality)
        {
            command = [Launch.RequireLinux32Launcher(request.Platform, _linux32Launcher), .. command];
        }

        return await RunProcessAsync(request, command, stage, paths, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What such a cell does not have that a container gives: the reports say it beside the target.</summary>
    public const string NotGiven = "no container: run by its root's loader on this host, with no isolation and this host's /etc";

    /// <summary>The words that say a root lacks a program's interpreter (<c>LoaderTexts</c> classifies them).</summary>
    public const string InterpreterMissing = "the root has no interpreter";

    /// <summary>What the root's loader is told: where to look, and how.</summary>
    private List<string> LoaderOptions(RootLoaderPath root, ContainerRequest request, StagedFiles stage, string program)
    {
        var glibc = root.Libc.Kind == LibcKind.Glibc;
        var given = request.Environment.TryGetValue(LibraryPathVariable, out var libraryPath) ? libraryPath.Split(':', StringSplitOptions.RemoveEmptyEntries) : [];
        var directories = given.Select(d => stage.Contains(d) ? stage.HostPathOf(d) : RootPath.Resolve(request.Image, d))
            .Concat(root.LibraryPath.Select(d => RootPath.Resolve(request.Image, d)).Where(Directory.Exists))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var options = new List<string>();
        if (glibc)
        {
            options.AddRange(["--inhibit-cache", "--audit", _audit.For(request.Image, request.Platform)]);
        }

        if (directories.Count > 0)
        {
            options.AddRange(["--library-path", string.Join(':', directories)]);
        }

        if (TakesArgv0(root.Libc))
        {
            options.AddRange(["--argv0", program]);
        }

        return options;
    }

    /// <summary>glibc's loader takes <c>--argv0</c> from 2.33 on, musl's from 1.2.2.</summary>
    private static bool TakesArgv0(LibcInfo libc) =>
        System.Version.TryParse(libc.Version, out var version) &&
        (libc.Kind == LibcKind.Glibc ? version >= new System.Version(2, 33) : libc.Kind == LibcKind.Musl && version >= new System.Version(1, 2, 2));

    private static async Task<ContainerResult> RunProcessAsync(
        ContainerRequest request, IReadOnlyList<string> command, StagedFiles stage, PathNames paths, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = stage.WorkingDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = DefaultPath;
        // HOME as a runtime sets it, from the root's passwd, but in the stage: a program that writes under its home
        // (a cache, a lock) must not write into this host's /root.
        start.Environment["HOME"] = stage.MakeDirectory(RootPath.HomeOf(request.Image, 0));
        foreach (var (name, value) in request.Environment.Where(v => v.Key != LibraryPathVariable))
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start.");
        var timedOut = false;
        try
        {
            using var outputEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var output = OutputCapture.ReadAsync(process.StandardOutput.BaseStream, process.StandardError.BaseStream, request.Limits.OutputBytes, outputEnd.Token);
            var input = ProgramInput.WriteAsync(process.StandardInput.BaseStream, request.Stdin ?? []);
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(request.Timeout);
                try
                {
                    await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    timedOut = true;
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }

            var duration = clock.Elapsed;
            outputEnd.CancelAfter(OutputCapture.DrainTimeout);
            var captured = await output.ConfigureAwait(false);
            await input.ConfigureAwait(false);
            return new ContainerResult
            {
                // .NET reports a death by a signal as the engine does: 128 + the signal.
                ExitCode = process.ExitCode,
                Stdout = paths.AsInContainer(captured.Stdout),
                Stderr = paths.AsInContainer(captured.Stderr),
                StdoutTruncated = captured.StdoutTruncated,
                StderrTruncated = captured.StderrTruncated,
                TimedOut = timedOut,
                Duration = duration,
                Runtime = ContainerRuntime.Loader,
                NotGiven = NotGiven,
            };
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
