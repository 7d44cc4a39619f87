using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using DeployMatrix.Containers;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Platforms;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>
/// Runs the cells of a matrix, each in a container of its own, at most <see cref="RunnerSettings.Parallel"/> at once,
/// classifies what happened and explains it against the cell's prediction. A cell whose binary's ELF header names
/// another platform is not run: a host that runs both, or an emulator, would start it where a real machine would not.
/// </summary>
internal sealed class MatrixRunner(
    IContainerRunner containers,
    TargetImages images,
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
    public RuntimeChoice Runtime { get; init; } = new(containers.Runtime, null);

    /// <summary>How cells are judged to have run on this host: measured, or as the matrix's <c>host</c> settings assume.</summary>
    public HostExecution Host { get; } = host;

    public async Task<CellResult> RunAsync(MatrixCell cell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var binary = prepared.Binary(cell.BinaryPath);
        var target = images.For(cell);
        var predicted = prepared.Predictions.For(cell);
        var execution = Host.For(cell.Platform);
        var compatibility = prepared.Predictions.CompatibilityOf(cell.Binary, cell.Case, cell.Platform);
        if (predicted.Prediction.IsWrongArchitecture)
        {
            var decided = Explainer.Explain(predicted.Prediction, null, "", binary, predicted.Image, cell.Platform, execution, compatibility);
            return new CellResult(cell, binary, target, predicted.Image, null, decided);
        }

        var request = new ContainerRequest
        {
            Image = target.LocalTag,
            Platform = cell.Platform,
            Command = [cell.ProgramPath, .. cell.Case.Args],
            Files = [.. cell.Files().Select(file => new ContainerFile(file.HostPath, file.ContainerPath))],
            Environment = cell.Case.Environment,
            Stdin = cell.Case.Stdin is null ? null : Encoding.UTF8.GetBytes(cell.Case.Stdin),
            Timeout = cell.Case.Timeout,
            Limits = settings.Limits,
        };

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        ContainerResult run;
        try
        {
            run = await containers.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && EngineFaults.IsEngineGone(e))
        {
            throw EngineFaults.Lost(e, $"while running {cell.Name}");
        }
        finally
        {
            _slots.Release();
        }

        var evidence = RunEvidence.Of(run, cell.ProgramPath, binary, cell.Case.Timeout);
        var observed = classifier.Classify(evidence);
        var explanation = Explainer.Explain(predicted.Prediction, observed, run.Stderr, binary, predicted.Image, cell.Platform, execution, compatibility);
        var result = new CellResult(cell, binary, target, predicted.Image, run, explanation)
        {
            LimitsMet = limitClassifier.Classify(evidence, settings.Limits, observed),
        };
        durations.Record(result);
        return result;
    }

    /// <summary>The order to start cells in: the longest when they last ran here first (<see cref="CellDurations"/>).</summary>
    public IReadOnlyList<MatrixCell> StartOrder(IEnumerable<MatrixCell> cells) => durations.LongestFirst(cells);

    /// <summary>Runs every cell, the longest first, yielding each result as soon as it is there.</summary>
    public async IAsyncEnumerable<CellResult> RunAllAsync(
        IReadOnlyList<MatrixCell> cells, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = Channel.CreateUnbounded<Task<CellResult>>();
        var pending = StartOrder(cells).Select(async cell =>
        {
            var task = RunAsync(cell, cancellationToken);
            try
            {
                await task.ConfigureAwait(false);
            }
            finally
            {
                finished.Writer.TryWrite(task);
            }
        }).ToList();
        _ = Task.WhenAll(pending).ContinueWith(_ => finished.Writer.TryComplete(), TaskScheduler.Default);

        await foreach (var task in finished.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return await task.ConfigureAwait(false);
        }
    }

    /// <summary>Keeps the cells' durations for the next run's order, and lets go of the engine.</summary>
    public void Dispose()
    {
        durations.Save();
        _slots.Dispose();
        images.Dispose();
    }
}
