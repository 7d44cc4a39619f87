using System.Collections.Concurrent;
using System.Diagnostics;
using DeployMatrix.Engine;

namespace DeployMatrix.Images;

/// <summary>
/// Makes sure Docker holds the images of the catalog: each target is built when its tag is missing, holds another
/// platform's image, or holds an image of another recipe; otherwise it is left alone.
/// </summary>
internal sealed class ImageBuilder
{
    private readonly DockerEngine _engine;
    private readonly ImageBuildOptions _options;
    private readonly BuildHost _host = new();

    public ImageBuilder(DockerEngine engine, ImageBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1);
        _engine = engine;
        _options = options;
    }

    /// <summary>
    /// Builds what is not up to date, several at a time, reporting each target's progress. Throws a
    /// <see cref="DeployMatrixException"/> naming every image that could not be built, after the others are done.
    /// </summary>
    public async Task<ImageBuildRun> EnsureAsync(
        IReadOnlyList<ImageTarget> targets, IProgress<ImageBuildEvent>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var workspace = BuildWorkspace.For(_options);
        var leftovers = await workspace.RemoveLeftoversAsync().ConfigureAwait(false);
        using var client = _engine.CreateClient();
        var store = new ImageStore(client);

        var pending = new List<(ImageTarget Target, ImageStatus Status)>();
        foreach (var target in targets)
        {
            var status = await store.GetStatusAsync(target, cancellationToken).ConfigureAwait(false);
            if (status.State == ImageState.UpToDate)
            {
                progress?.Report(new ImageBuildEvent(target, ImageBuildEventKind.UpToDate, Size: status.Size));
            }
            else
            {
                pending.Add((target, status));
            }
        }

        if (pending.Count == 0)
        {
            return new ImageBuildRun(leftovers, Where: null);
        }

        CheckHost(pending.Select(p => p.Target));

        var failures = new ConcurrentBag<string>();
        var systems = new SuiteSystems(workspace, _host);
        await using var removeSystems = systems.ConfigureAwait(false);
        await Parallel.ForEachAsync(
            EmulatedFirst(pending),
            new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                progress?.Report(new ImageBuildEvent(item.Target, ImageBuildEventKind.Started, item.Status.Reason));
                var stopwatch = Stopwatch.StartNew();
                try
                {
                    var built = await BuildAsync(item.Target, store, workspace, systems, token).ConfigureAwait(false);
                    progress?.Report(new ImageBuildEvent(
                        item.Target, ImageBuildEventKind.Built, Elapsed: stopwatch.Elapsed, Size: built.Size));
                }
                catch (Exception e) when (e is DeployMatrixException or IOException or UnauthorizedAccessException
                                              or Docker.DotNet.DockerApiException)
                {
                    failures.Add($"{item.Target.Tag} ({item.Target.Platform}): {e.Message}");
                    progress?.Report(new ImageBuildEvent(item.Target, ImageBuildEventKind.Failed, e.Message, stopwatch.Elapsed));
                }
            }).ConfigureAwait(false);
        await store.PruneUntaggedAsync(cancellationToken).ConfigureAwait(false);

        if (!failures.IsEmpty)
        {
            throw new DeployMatrixException(
                $"{failures.Count} of {pending.Count} images could not be built:{Environment.NewLine}"
                + string.Join(Environment.NewLine, failures.Order(StringComparer.Ordinal)));
        }

        return new ImageBuildRun(leftovers, workspace.Where);
    }

    /// <summary>
    /// The builds that run the platform's programs under qemu first (a Debian system's maintainer scripts take
    /// minutes there), then the other builds for platforms this host emulates, then the rest, each in catalog order:
    /// the long ones are the critical path, and the short ones fill the time beside them instead of after.
    /// </summary>
    private IEnumerable<(ImageTarget Target, ImageStatus Status)> EmulatedFirst(IEnumerable<(ImageTarget Target, ImageStatus Status)> pending) =>
        pending.OrderBy(p => p.Target.Image.Recipe.RunsEmulated(_host, p.Target.Platform) ? 0 : _host.Emulates(p.Target.Platform) ? 1 : 2);

    /// <summary>Fails before any build starts when this host lacks something a pending build needs.</summary>
    private void CheckHost(IEnumerable<ImageTarget> pending)
    {
        BuildHost.RequireRoot();
        HostTool.Tar.Require();
        var problems = new List<string>();
        foreach (var target in pending)
        {
            try
            {
                target.Image.Recipe.CheckHost(_host, target.Platform);
            }
            catch (DeployMatrixException e)
            {
                problems.Add(e.Message);
            }
        }

        if (problems.Count > 0)
        {
            throw new DeployMatrixException(string.Join(Environment.NewLine, problems.Distinct()));
        }
    }

    private async Task<ImageStatus> BuildAsync(
        ImageTarget target, ImageStore store, BuildWorkspace workspace, SuiteSystems systems, CancellationToken cancellationToken)
    {
        var directory = workspace.Create(target);
        await using (directory.ConfigureAwait(false))
        {
            await target.Image.Recipe.BuildAsync(
                new RootfsBuildContext(target.Image, target.Platform, directory.Rootfs, directory.Scratch, _host, systems),
                cancellationToken).ConfigureAwait(false);
            if (target.Launcher is { } launcher)
            {
                await launcher.InstallIntoAsync(directory.Rootfs, cancellationToken).ConfigureAwait(false);
            }

            var layer = await LayerTar.CreateAsync(directory.Rootfs, directory.File("layer.tar"), cancellationToken)
                .ConfigureAwait(false);
            var archive = directory.File("image.tar");
            await DockerArchive.WriteAsync(target, layer, archive, cancellationToken).ConfigureAwait(false);
            return await store.LoadAsync(target, archive, cancellationToken).ConfigureAwait(false);
        }
    }
}
