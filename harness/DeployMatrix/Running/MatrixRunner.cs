using System.Runtime.CompilerServices;
using DeployMatrix.Containers;
using DeployMatrix.Containers.RootLoader;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>
/// Runs the cells of a matrix, each in a container of its own (or, for a root file system target, through its loader),
/// at most <see cref="RunnerSettings.Parallel"/> at once, classifies what happened and explains it against the cell's
/// prediction, as each cell's <see cref="CellPlan"/> says.
/// </summary>
/// <param name="containers">Runs the cells of image targets; null when the matrix has none.</param>
/// <param name="roots">Runs the cells of root file system targets; null when the matrix has none.</param>
/// <param name="images">The images of the matrix, let go of at the end; null when it has none.</param>
internal sealed class MatrixRunner(
    IContainerRunner? containers,
    RootLoaderRunner? roots,
    TargetImages? images,
    PreparedMatrix prepared,
    RunnerSettings settings,
    OutcomeClassifier classifier,
    LimitClassifier limitClassifier,
    HostExecution host,
    CellDurations durations)
    : IDisposable
{
    private readonly SemaphoreSlim _slots = new(settings.Parallel);

    /// <summary>What starts the cells' containers, and why the engine does where runc was wanted; host facts, for reports.</summary>
    public RuntimeChoice Runtime { get; init; } = new(containers?.Runtime ?? ContainerRuntime.Loader, null);

    /// <summary>How cells are judged to have run on this host: measured, or as the matrix's <c>host</c> settings assume.</summary>
    public HostExecution Host { get; } = host;

    public async Task<CellResult> RunAsync(MatrixCell cell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var plan = prepared.PlanOf(cell);
        var execution = Host.For(cell.Platform);
        if (!plan.Predicted.Runs)
        {
            return new CellResult(plan, null, Explainer.Explain(plan.Predicted, execution, null, ""));
        }

        var request = plan.Request(settings.Limits);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        ContainerResult run;
        try
        {
            run = plan.Image.IsRoot
                ? await roots!.RunAsync(request, TargetRoots.LoaderPath(plan.Predicted.Image, cell.Platform), cancellationToken).ConfigureAwait(false)
                : await containers!.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && EngineFaults.IsEngineGone(e))
        {
            throw EngineFaults.Lost(e, $"while running {cell.Name}");
        }
        finally
        {
            _slots.Release();
        }

        var evidence = RunEvidence.Of(run, cell.ProgramPath, plan.Predicted.Binary, cell.Case.Timeout);
        var observed = classifier.Classify(evidence);
        var result = new CellResult(plan, run, Explainer.Explain(plan.Predicted, execution, observed, run.Stderr))
        {
            LimitsMet = limitClassifier.Classify(evidence, settings.Limits, observed),
        };
        durations.Record(result);
        return result;
    }

    /// <summary>The order to start cells in: the longest when they last ran here first (<see cref="CellDurations"/>).</summary>
    private IReadOnlyList<MatrixCell> StartOrder(IEnumerable<MatrixCell> cells) => durations.LongestFirst(cells);

    /// <summary>Starts every cell, the longest first: each one's run by its name, in the order they were started.</summary>
    public IReadOnlyDictionary<string, Task<CellResult>> StartAll(IEnumerable<MatrixCell> cells, CancellationToken cancellationToken = default) =>
        StartOrder(cells).ToDictionary(cell => cell.Name, cell => RunAsync(cell, cancellationToken), StringComparer.Ordinal);

    /// <summary>Runs every cell, the longest first, yielding each result as soon as it is there.</summary>
    public async IAsyncEnumerable<CellResult> RunAllAsync(
        IReadOnlyList<MatrixCell> cells, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var run in Task.WhenEach(StartAll(cells, cancellationToken).Values).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return await run.ConfigureAwait(false);
        }
    }

    /// <summary>Keeps the cells' durations for the next run's order, and lets go of the engine.</summary>
    public void Dispose()
    {
        durations.Save();
        _slots.Dispose();
        images?.Dispose();
    }
}
