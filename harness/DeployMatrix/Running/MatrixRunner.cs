using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using DeployMatrix.Containers;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;
using DeployMatrix.Predictions;

namespace DeployMatrix.Running;

/// <summary>
/// Runs the cells of a matrix, each in a container of its own, at most <see cref="RunnerSettings.Parallel"/> at once,
/// classifies what happened and explains it against the cell's prediction.
/// </summary>
public sealed class MatrixRunner(
    ContainerRunner containers, TargetImages images, PreparedMatrix prepared, RunnerSettings settings, OutcomeClassifier classifier)
    : IDisposable
{
    private readonly SemaphoreSlim _slots = new(settings.Parallel);

    public async Task<CellResult> RunAsync(MatrixCell cell, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var binary = prepared.Binary(cell.BinaryPath);
        var target = images.For(cell);
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
        finally
        {
            _slots.Release();
        }

        var observed = classifier.Classify(RunEvidence.Of(run, cell.ProgramPath, binary, cell.Case.Timeout));
        var predicted = prepared.Predictions.For(cell);
        var explanation = Explainer.Explain(
            predicted.Prediction, observed, binary, predicted.Image, cell.Platform, prepared.Predictions.CompatibilityOf(cell.Binary, cell.Case, cell.Platform));
        return new CellResult(cell, binary, target, predicted.Image, run, explanation);
    }

    /// <summary>Runs every cell, yielding each result as soon as it is there.</summary>
    public async IAsyncEnumerable<CellResult> RunAllAsync(
        IReadOnlyList<MatrixCell> cells, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = Channel.CreateUnbounded<Task<CellResult>>();
        var pending = cells.Select(async cell =>
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

    public void Dispose() => _slots.Dispose();
}
