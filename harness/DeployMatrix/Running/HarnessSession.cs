using DeployMatrix.Containers;
using DeployMatrix.Containers.Bubblewrap;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Engine;
using DeployMatrix.Fingerprints;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;

namespace DeployMatrix.Running;

/// <summary>
/// One process's use of the engine: the connection, the janitor that removes this session's containers on every
/// way out, the runner and the store of image fingerprints. Front ends (the command, the tests) start one and
/// dispose it at the end.
/// </summary>
internal sealed class HarnessSession : IAsyncDisposable
{
    // Measured on first use: the probes take a few hundred milliseconds (qemu starting), which predict never needs.
    private readonly Lazy<HostExecution> _host = new(() => HostExecution.Measure());

    private readonly BundleFactory? _bundles;
    private readonly string? _whyNoBundles;
    private readonly Lazy<RuncContainerRunner> _runc;
    private readonly Lazy<BubblewrapContainerRunner> _bubblewrap;

    private HarnessSession(
        DockerEngine engine, ContainerJanitor janitor, DockerContainerRunner containers, FingerprintStore fingerprints, string? linux32Launcher)
    {
        Engine = engine;
        Janitor = janitor;
        Containers = containers;
        Fingerprints = fingerprints;
        try
        {
            _bundles = BundleFactory.Start(engine, janitor, linux32Launcher);
        }
        catch (RuncUnavailableException e)
        {
            _whyNoBundles = e.Message;
        }

        _runc = new(() => new RuncContainerRunner(Bundles));
        _bubblewrap = new(() => BubblewrapContainerRunner.Start(Bundles));
    }

    public DockerEngine Engine { get; }

    public ContainerJanitor Janitor { get; }

    /// <summary>The engine's runner: fingerprints always use it, and cells where no faster runtime is used.</summary>
    public DockerContainerRunner Containers { get; }

    /// <summary>The runc runner of this session.</summary>
    /// <exception cref="RuncUnavailableException">Why runc cannot work on this host.</exception>
    public RuncContainerRunner Runc => _runc.Value;

    /// <summary>The bubblewrap runner of this session.</summary>
    /// <exception cref="RuncUnavailableException">Why bubblewrap cannot work on this host.</exception>
    public BubblewrapContainerRunner Bubblewrap => _bubblewrap.Value;

    private BundleFactory Bundles => _bundles ?? throw new RuncUnavailableException(_whyNoBundles!);

    /// <summary>How many containers killed runs left were removed when this session started, by the engine and by runc.</summary>
    public ContainerJanitor.Leftovers RemovedAtStart =>
        Janitor.RemovedAtStart with { Containers = Janitor.RemovedAtStart.Containers + (_bundles?.Session.RemovedAtStart ?? 0) };

    public FingerprintStore Fingerprints { get; }

    /// <summary>How this host runs each platform's binaries, measured once per session, when first asked.</summary>
    public HostExecution Host => _host.Value;

    /// <param name="linux32Launcher">Host path of the static i386 launcher, for linux/386 cells.</param>
    /// <param name="fingerprintCache">Where fingerprints are cached; null for the user's cache directory.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    public static async Task<HarnessSession> StartAsync(
        string? linux32Launcher, string? fingerprintCache = null, CancellationToken cancellationToken = default)
    {
        var engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var janitor = await ContainerJanitor.StartAsync(engine, cancellationToken).ConfigureAwait(false);
        var containers = new DockerContainerRunner(engine, janitor, linux32Launcher);
        return new HarnessSession(
            engine, janitor, containers, FingerprintStore.OnEngine(engine, janitor, containers, fingerprintCache), linux32Launcher);
    }

    /// <summary>
    /// A runner for these cells of the matrix (which the caller disposes: that saves the cells' durations), once every image of the matrix is known to be here (pulled per
    /// platform where it must and can be) and fingerprinted, every cell predicted, and this host can run every platform
    /// a cell runs on. Nothing has run when this fails.
    /// </summary>
    public async Task<MatrixRunner> PrepareAsync(MatrixDefinition matrix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var images = new TargetImages(Engine);
        try
        {
            await images.EnsureAsync(matrix.AllCells(), cancellationToken).ConfigureAwait(false);
            var prepared = await PredictAsync(matrix, images, cancellationToken).ConfigureAwait(false);
            RequireRunnable(prepared.Plans.Where(plan => plan.Predicted.Runs).Select(plan => plan.Cell));
            var (containers, runtime) = await ChooseRuntimeAsync(matrix, prepared, cancellationToken).ConfigureAwait(false);
            return new MatrixRunner(containers, images, prepared, matrix.Runner, OutcomeClassifier.Default, LimitClassifier.Default, Host.Assuming(matrix.Host),
                CellDurations.Of(matrix.File))
            {
                Runtime = runtime,
            };
        }
        catch
        {
            images.Dispose();
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

        var targets = prepared.Plans.Select(plan => (plan.Image.LocalTag, plan.Cell.Platform)).Distinct().ToList();
        var refusals = new List<(ContainerRuntime Runtime, string Reason)>();
        foreach (var candidate in wanted == ContainerRuntime.Auto ? [ContainerRuntime.Bubblewrap, ContainerRuntime.Runc] : new[] { wanted })
        {
            try
            {
                BundleContainerRunner runner = candidate == ContainerRuntime.Runc ? Runc : Bubblewrap;
                await runner.PrepareAsync(matrix.Runner.Limits, targets, cancellationToken).ConfigureAwait(false);
                return (runner, new RuntimeChoice(candidate, WhyNot(refusals)));
            }
            catch (RuncUnavailableException e)
            {
                refusals.Add((candidate, e.Message));
            }
        }

        return wanted != ContainerRuntime.Auto
            ? throw new DeployMatrixException(
                $"{MatrixSchema.Runner.Runtime.Path} is {RuntimeChoice.Name(wanted)}, and it cannot run this matrix here: {refusals[0].Reason}. " +
                $"Set it to auto or docker (--{MatrixSchema.Runner.Runtime.Path}=docker).")
            : (Containers, new RuntimeChoice(ContainerRuntime.Docker, WhyNot(refusals)));
    }

    private static string? WhyNot(List<(ContainerRuntime Runtime, string Reason)> refusals) =>
        refusals.Count == 0 ? null : string.Join("; ", refusals.Select(r => $"not {RuntimeChoice.Name(r.Runtime)}: {r.Reason}"));

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
        Fingerprints.Dispose();
        _bundles?.Dispose();
        Containers.Dispose();
        await Janitor.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<PreparedMatrix> PredictAsync(MatrixDefinition matrix, TargetImages images, CancellationToken cancellationToken)
    {
        var targets = matrix.AllCells().Select(cell => (images.For(cell).LocalTag, cell.Platform)).Distinct().ToList();
        var fingerprints = await Task.WhenAll(targets.Select(t => Fingerprints.GetAsync(t.LocalTag, t.Platform, cancellationToken))).ConfigureAwait(false);
        var byTarget = targets.Select((t, i) => (t, Fingerprint: fingerprints[i])).ToDictionary(x => x.t, x => x.Fingerprint);
        return PreparedMatrix.Plan(matrix, images.For, (image, platform) => byTarget[(image.LocalTag, platform)]);
    }
}
