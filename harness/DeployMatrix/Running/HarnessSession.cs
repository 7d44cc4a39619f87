using DeployMatrix.Containers;
using DeployMatrix.Containers.Bubblewrap;
using DeployMatrix.Containers.RootLoader;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Engine;
using DeployMatrix.Exports;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Running;

/// <summary>
/// One process's use of the engine: the connection, the janitor that removes this session's containers on every
/// way out, the runner and the store of image fingerprints. Front ends (the command, the tests) start one and
/// dispose it at the end. Where no engine answers, the session still runs matrices whose targets are root file system
/// directories (<c>rootfs:</c>), and images exported for such runs (<see cref="ImageExports"/>) under bubblewrap; anything
/// else then fails, saying why. Where runc and bubblewrap cannot use the engine's layers (not root, podman), bubblewrap
/// runs the exported images.
/// </summary>
internal sealed class HarnessSession : IAsyncDisposable
{
    // Measured on first use: the probes take a few hundred milliseconds (qemu starting), which predict never needs.
    private readonly Lazy<HostExecution> _host = new(() => HostExecution.Measure());

    private readonly EngineParts? _engine;
    private readonly EngineUnavailableException? _noEngine;
    private readonly ImageExports _exports = ImageExports.OfThisUser();
    private readonly Lazy<FingerprintStore> _exportedFingerprints;
    private readonly BundleFactory? _bundles;
    private readonly string? _whyNoBundles;
    private int _closing;
    private readonly Lazy<RuncContainerRunner> _runc;
    private readonly Lazy<BubblewrapContainerRunner> _bubblewrap;
    private readonly TargetRoots _roots = new();
    private readonly Lazy<RootLoaderRunner> _rootLoader;

    private HarnessSession(EngineParts? engine, EngineUnavailableException? noEngine, string? linux32Launcher, string? fingerprintCache)
    {
        _engine = engine;
        _noEngine = noEngine;
        _rootLoader = new(() => new RootLoaderRunner(linux32Launcher));
        _exportedFingerprints = new(() => new FingerprintStore(new ExportedImageFingerprinter(_exports), fingerprintCache));
        try
        {
            _bundles = engine is null ? null : BundleFactory.Start(engine.Engine, engine.Janitor, linux32Launcher);
            _whyNoBundles = engine is null ? noEngine!.Message : null;
        }
        catch (RuncUnavailableException e)
        {
            _whyNoBundles = e.Message;
        }

        if (_bundles is null)
        {
            if (_exports.Exist)
            {
                _bundles = ExportedBundles(linux32Launcher);
                _whyNoBundles = null;
            }
            else
            {
                _whyNoBundles += $", and no image is exported to {_exports.Directory} for bubblewrap to run without them " +
                                 $"(as root, where the engine is: `{ImageExports.ExportCommand(owner: Environment.UserName)}`)";
            }
        }

        _runc = new(() => new RuncContainerRunner(Bundles));
        _bubblewrap = new(() => BubblewrapContainerRunner.Start(Bundles));
    }

    /// <exception cref="EngineUnavailableException">No engine answered when the session started.</exception>
    public DockerEngine Engine => Parts.Engine;

    /// <summary>The engine, or null when none answered (a session that runs only root file system targets).</summary>
    public DockerEngine? EngineIfAny => _engine?.Engine;

    /// <exception cref="EngineUnavailableException">No engine answered when the session started.</exception>
    public ContainerJanitor Janitor => Parts.Janitor;

    /// <summary>The engine's runner: fingerprints always use it, and cells where no faster runtime is used.</summary>
    /// <exception cref="EngineUnavailableException">No engine answered when the session started.</exception>
    public DockerContainerRunner Containers => Parts.Containers;

    /// <summary>The runc runner of this session.</summary>
    /// <exception cref="RuncUnavailableException">Why runc cannot work on this host.</exception>
    public RuncContainerRunner Runc => _runc.Value;

    /// <summary>The bubblewrap runner of this session.</summary>
    /// <exception cref="RuncUnavailableException">Why bubblewrap cannot work on this host.</exception>
    public BubblewrapContainerRunner Bubblewrap => _bubblewrap.Value;

    private BundleFactory Bundles => _bundles ?? throw new RuncUnavailableException(_whyNoBundles!);

    private EngineParts Parts => _engine ?? throw new EngineUnavailableException(_noEngine!.Message, _noEngine);

    /// <summary>How many containers killed runs left were removed when this session started, by the engine and by runc.</summary>
    public ContainerJanitor.Leftovers RemovedAtStart => _engine is null
        ? new(0, 0)
        : Janitor.RemovedAtStart with { Containers = Janitor.RemovedAtStart.Containers + (_bundles?.Session.RemovedAtStart ?? 0) };

    /// <summary>The engine's fingerprints, or with no engine those of the exported images.</summary>
    /// <exception cref="EngineUnavailableException">No engine answered when the session started, and no image is exported.</exception>
    public FingerprintStore Fingerprints => _engine?.Fingerprints ?? (_exports.Exist ? _exportedFingerprints.Value : Parts.Fingerprints);

    /// <summary>How this host runs each platform's binaries, measured once per session, when first asked.</summary>
    public HostExecution Host => _host.Value;

    /// <param name="linux32Launcher">Host path of the static i386 launcher, for linux/386 cells.</param>
    /// <param name="fingerprintCache">Where fingerprints are cached; null for the user's cache directory.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    public static async Task<HarnessSession> StartAsync(
        string? linux32Launcher, string? fingerprintCache = null, CancellationToken cancellationToken = default)
    {
        DockerEngine engine;
        try
        {
            engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EngineUnavailableException e)
        {
            return new HarnessSession(null, e, linux32Launcher, fingerprintCache);
        }

        var janitor = await ContainerJanitor.StartAsync(engine, cancellationToken).ConfigureAwait(false);
        var containers = new DockerContainerRunner(engine, janitor, linux32Launcher);
        return new HarnessSession(
            new EngineParts(engine, janitor, containers, FingerprintStore.OnEngine(engine, janitor, containers, fingerprintCache)), null, linux32Launcher, fingerprintCache);
    }

    /// <summary>
    /// A runner for these cells of the matrix (which the caller disposes: that saves the cells' durations), once every image of the matrix is known to be here (pulled per
    /// platform where it must and can be) and fingerprinted, every cell predicted, and this host can run every platform
    /// a cell runs on. Nothing has run when this fails.
    /// </summary>
    public async Task<MatrixRunner> PrepareAsync(MatrixDefinition matrix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var imageCells = matrix.AllCells().Where(cell => cell.Target.Root is null).ToList();
        var images = imageCells.Count == 0 ? null
            : _engine is null && _exports.Exist ? TargetImages.Exported(_exports)
            : new TargetImages(Engine);
        try
        {
            if (images is not null)
            {
                await images.EnsureAsync(imageCells, cancellationToken).ConfigureAwait(false);
            }

            var prepared = await PredictAsync(matrix, images, cancellationToken).ConfigureAwait(false);
            RequireRunnable(prepared.Plans.Where(plan => plan.Predicted.Runs).Select(plan => plan.Cell));
            var (containers, runtime) = images is null
                ? (null, new RuntimeChoice(ContainerRuntime.Loader, null))
                : await ChooseRuntimeAsync(matrix, prepared, cancellationToken).ConfigureAwait(false);
            var roots = matrix.AllCells().Any(cell => cell.Target.Root is not null) ? _rootLoader.Value : null;
            return new MatrixRunner(containers, roots, images, prepared, matrix.Runner, OutcomeClassifier.Default, LimitClassifier.Default,
                Host.Assuming(matrix.Host), CellDurations.Of(matrix.File))
            {
                Runtime = runtime,
            };
        }
        catch
        {
            images?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The runtime the matrix asks for, checked now against every image of the matrix, before any cell runs; for
    /// <c>auto</c>, the first of bubblewrap and runc that can run them all, else the engine. A matrix that asks for a
    /// runtime that cannot work here fails with the reason.
    /// </summary>
    private async Task<(IContainerRunner Runner, RuntimeChoice Choice)> ChooseRuntimeAsync(
        MatrixDefinition matrix, PreparedMatrix prepared, CancellationToken cancellationToken)
    {
        var wanted = matrix.Runner.Runtime;
        if (wanted == ContainerRuntime.Docker)
        {
            return (Containers, new RuntimeChoice(ContainerRuntime.Docker, null));
        }

        var targets = prepared.Plans.Where(plan => !plan.Image.IsRoot).Select(plan => (plan.Image.LocalTag, plan.Cell.Platform)).Distinct().ToList();
        var refusals = new List<(ContainerRuntime Runtime, string Reason)>();
        foreach (var candidate in wanted == ContainerRuntime.Auto ? [ContainerRuntime.Bubblewrap, ContainerRuntime.Runc] : new[] { wanted })
        {
            try
            {
                BundleContainerRunner runner = candidate == ContainerRuntime.Runc ? Runc : Bubblewrap;
                await runner.PrepareAsync(matrix.Runner.Limits, targets, cancellationToken).ConfigureAwait(false);
                return (runner, new RuntimeChoice(candidate, WhyNot(refusals)) { NotGiven = runner.NotGiven });
            }
            catch (RuncUnavailableException e)
            {
                refusals.Add((candidate, e.Message));
            }
        }

        if (_engine is null && wanted == ContainerRuntime.Auto)
        {
            throw new DeployMatrixException($"No container runtime can run this matrix here: no engine answers ({_noEngine!.Message}); {WhyNot(refusals)}.");
        }

        return wanted != ContainerRuntime.Auto
            ? throw new DeployMatrixException(
                $"{MatrixSchema.Runner.Runtime.Path} is {RuntimeChoice.Name(wanted)}, and it cannot run this matrix here: {refusals[0].Reason}. " +
                $"Set it to auto or docker (--{MatrixSchema.Runner.Runtime.Path}=docker).")
            : (Containers, new RuntimeChoice(ContainerRuntime.Docker, WhyNot(refusals)));
    }

    /// <summary>Why not each faster runtime, once per reason: <c>not bubblewrap or runc: … need root …</c>.</summary>
    private static string? WhyNot(List<(ContainerRuntime Runtime, string Reason)> refusals) =>
        refusals.Count == 0
            ? null
            : string.Join("; ", refusals.GroupBy(r => r.Reason, StringComparer.Ordinal)
                .Select(same => $"not {string.Join(" or ", same.Select(r => RuntimeChoice.Name(r.Runtime)))}: {same.Key}"));

    /// <exception cref="DeployMatrixException">Names the platforms of these cells that this host's kernel refuses, and how to fix it.</exception>
    private void RequireRunnable(IEnumerable<MatrixCell> cells)
    {
        var refused = cells.Select(c => c.Platform).Distinct().Select(Host.For).Where(p => p.Mode == ExecutionMode.Refused).ToList();
        if (refused.Count > 0)
        {
            throw new DeployMatrixException(
                $"This host cannot run the binaries of {string.Join(", ", refused.Select(p => p.Platform))} (no container was started): " +
                string.Join("; ", refused.Select(p => p.Describe())) +
                ". Register Debian's qemu-user-static for them with `deploymatrix host --register` (as root), " +
                $"or leave them out with --{MatrixSchema.Filter.Platforms.Path}=….");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _closing, 1);
        if (_rootLoader.IsValueCreated)
        {
            _rootLoader.Value.Dispose();
        }

        if (_exportedFingerprints.IsValueCreated)
        {
            _exportedFingerprints.Value.Dispose();
        }

        if (_engine is null)
        {
            _bundles?.Dispose();
            return;
        }

        _engine.Fingerprints.Dispose();
        _bundles?.Dispose();
        _engine.Containers.Dispose();
        await _engine.Janitor.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Bundles over the exported images: as root (with runc here) in a session of root's, with cgroups; else in one
    /// of this user's, its mounts in a namespace of its own (<see cref="MountKeeper"/>).
    /// </summary>
    private BundleFactory ExportedBundles(string? linux32Launcher)
    {
        var id = Guid.NewGuid();
        var session = Environment.IsPrivilegedProcess && HostTool.Runc.Find() is { } runc
            ? RuncSession.Start(runc, id)
            : RuncSession.StartUnprivileged(id, () => MountKeeper.Start(FirstProcess.Find()));
        return BundleFactory.Over(new ExportedBundleSource(_exports, _engine?.Engine), session, () => Volatile.Read(ref _closing) == 1 || (_engine?.Janitor.IsClosing ?? false), linux32Launcher);
    }

    /// <param name="images">The images of the matrix's image targets; null when all its targets are root directories.</param>
    private async Task<PreparedMatrix> PredictAsync(MatrixDefinition matrix, TargetImages? images, CancellationToken cancellationToken)
    {
        TargetImage ImageOf(MatrixCell cell) => cell.Target.Root is null ? images!.For(cell) : TargetRoots.For(cell);
        var targets = matrix.AllCells().Select(cell => (Image: ImageOf(cell), cell.Platform)).Distinct().ToList();
        var fingerprints = await Task.WhenAll(targets.Select(t => t.Image.IsRoot
            ? _roots.FingerprintAsync(t.Image, t.Platform, cancellationToken)
            : Fingerprints.GetAsync(t.Image.LocalTag, t.Platform, cancellationToken))).ConfigureAwait(false);
        var byTarget = targets.Select((t, i) => (t, Fingerprint: fingerprints[i])).ToDictionary(x => (x.t.Image.LocalTag, x.t.Platform), x => x.Fingerprint);
        return PreparedMatrix.Plan(matrix, ImageOf, (image, platform) => byTarget[(image.LocalTag, platform)]);
    }

    /// <summary>What a session has of an engine that answered.</summary>
    private sealed record EngineParts(DockerEngine Engine, ContainerJanitor Janitor, DockerContainerRunner Containers, FingerprintStore Fingerprints);
}
