using DeployMatrix.Containers;
using DeployMatrix.Engine;
using DeployMatrix.Matrix;
using DeployMatrix.Outcomes;

namespace DeployMatrix.Running;

/// <summary>
/// One process's use of the engine: the connection, the janitor that removes this session's containers on every
/// way out, and the runner. Front ends (the command, the tests) start one and dispose it at the end.
/// </summary>
public sealed class HarnessSession : IAsyncDisposable
{
    private HarnessSession(DockerEngine engine, ContainerJanitor janitor, ContainerRunner containers)
    {
        Engine = engine;
        Janitor = janitor;
        Containers = containers;
    }

    public DockerEngine Engine { get; }

    public ContainerJanitor Janitor { get; }

    public ContainerRunner Containers { get; }

    /// <param name="linux32Launcher">Host path of the static i386 launcher, for linux/386 cells.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    public static async Task<HarnessSession> StartAsync(string? linux32Launcher, CancellationToken cancellationToken = default)
    {
        var engine = await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var janitor = await ContainerJanitor.StartAsync(engine, cancellationToken).ConfigureAwait(false);
        return new HarnessSession(engine, janitor, new ContainerRunner(engine, janitor, linux32Launcher));
    }

    /// <summary>
    /// A runner for these cells of the matrix, once every image they need is known to be here (pulled per platform
    /// where it must and can be). Nothing has started when this fails.
    /// </summary>
    public async Task<MatrixRunner> PrepareAsync(MatrixDefinition matrix, IReadOnlyList<MatrixCell> cells, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var images = new TargetImages(Engine.CreateClient());
        await images.EnsureAsync(cells, cancellationToken).ConfigureAwait(false);
        return new MatrixRunner(Containers, images, matrix.Runner, OutcomeClassifier.Default);
    }

    public async ValueTask DisposeAsync()
    {
        Containers.Dispose();
        await Janitor.DisposeAsync().ConfigureAwait(false);
    }
}
