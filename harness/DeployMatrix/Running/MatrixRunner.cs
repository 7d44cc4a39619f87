using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using DeployMatrix.Containers;
using DeployMatrix.Elf;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Running;

/// <summary>
/// Runs the cells of a matrix, each in a container of its own, at most <see cref="RunnerSettings.Parallel"/> at once,
/// and classifies what happened.
/// </summary>
public sealed class MatrixRunner(ContainerRunner containers, TargetImages images, RunnerSettings settings, OutcomeClassifier classifier)
    : IDisposable
{
    /// <summary>Where binaries are put in the container; a loader's message starts with this path.</summary>
    public const string BinaryDirectory = "/app";

    private readonly SemaphoreSlim _slots = new(settings.Parallel);
    private readonly ConcurrentDictionary<string, ElfFile> _binaries = new(StringComparer.Ordinal);

    public async Task<CellResult> RunAsync(MatrixCell cell, CancellationToken cancellationToken = default)
    {
        var binary = _binaries.GetOrAdd(cell.BinaryPath, ElfFile.Read);
        var target = images.For(cell);
        var programPath = $"{BinaryDirectory}/{cell.Binary.Name}";
        var request = new ContainerRequest
        {
            Image = target.LocalTag,
            Platform = cell.Platform,
            Command = [programPath, .. cell.Case.Args],
            Files = [new ContainerFile(cell.BinaryPath, programPath)],
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

        var verdict = classifier.Classify(RunEvidence.Of(run, programPath, binary, cell.Case.Timeout));
        return new CellResult(cell, binary, target, run, verdict);
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
