using System.Formats.Tar;
using DeployMatrix.Containers.Runc;
using DeployMatrix.Engine;
using DeployMatrix.Images;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// Building is idempotent and cached in Docker's own image store: an image is built when its tag is missing, holds
/// another platform, an image not built here or one of an older recipe, and is left alone otherwise. A build that
/// failed or was killed never leaves anything that a later build would use. Each spec builds empty images (as
/// <c>FROM scratch</c>, the fastest recipe) under a repository of its own, removed afterwards.
/// </summary>
public sealed class ImageBuilderSpecs(ContainerHarness harness) : IAsyncDisposable
{
    private readonly string _repository = $"deploymatrix-spec/image-{Guid.NewGuid():N}";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("deploymatrix-image-builds-");
    private readonly List<string> _imported = [];
    private readonly DockerClient _client = harness.Session.Engine.CreateClient();

    public async ValueTask DisposeAsync()
    {
        var images = await _client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [_repository] = true } },
        }, TestContext.Current.CancellationToken);
        foreach (var tag in images.SelectMany(i => i.RepoTags ?? []).Where(t => t.StartsWith(_repository + ":", StringComparison.Ordinal)))
        {
            await _client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true }, TestContext.Current.CancellationToken);
        }

        // A rebuild leaves an imported image untagged, and the builder prunes only images of its own making.
        foreach (var id in _imported)
        {
            await _client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, TestContext.Current.CancellationToken);
        }

        _client.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task A_missing_image_is_built_for_its_platform_with_its_recipe_hash_in_a_label()
    {
        var targets = Empty("linux/amd64", "linux/386");

        var events = await EnsureAsync(targets);

        Assert.Equal(
            targets.SelectMany(t => new[] { (t.Tag, ImageBuildEventKind.Started, "not in Docker"), (t.Tag, ImageBuildEventKind.Built, null) }).Order(),
            events.Select(e => (e.Target.Tag, e.Kind, e.Detail)).Order());
        foreach (var target in targets)
        {
            var image = await InspectAsync(target.Tag);
            Assert.Equal("linux", image.Os);
            Assert.Equal(target.Platform.Architecture, image.Architecture);
            Assert.Equal(target.RecipeHash, image.Config?.Labels?[ImageLabels.Recipe]);
        }
    }

    [Fact]
    public async Task A_second_build_finds_every_image_up_to_date_and_builds_nothing()
    {
        var targets = Empty("linux/amd64", "linux/386");
        await EnsureAsync(targets);
        var ids = await IdsAsync(targets);

        var events = await EnsureAsync(targets);

        Assert.All(events, e => Assert.Equal(ImageBuildEventKind.UpToDate, e.Kind));
        Assert.Equal(targets.Select(t => t.Tag).Order(), events.Select(e => e.Target.Tag).Order());
        Assert.Equal(ids, await IdsAsync(targets));
    }

    [Fact]
    public async Task An_image_of_another_platform_under_the_tag_is_rebuilt_for_the_right_one()
    {
        var target = Assert.Single(Empty("linux/amd64"));
        await TagAsync("deploymatrix/scratch:arm64", target.Tag);

        var events = await EnsureAsync([target]);

        Assert.Equal((ImageBuildEventKind.Started, "the image under this tag is linux/arm64, expected linux/amd64"), (events[0].Kind, events[0].Detail));
        Assert.Equal(ImageBuildEventKind.Built, events[1].Kind);
        Assert.Equal("amd64", (await InspectAsync(target.Tag)).Architecture);
    }

    [Fact]
    public async Task An_image_not_built_here_under_the_tag_is_rebuilt()
    {
        var target = Assert.Single(Empty("linux/amd64"));
        await ImportAsync(target.Tag);

        var events = await EnsureAsync([target]);

        Assert.Equal(
            (ImageBuildEventKind.Started, $"the image under this tag was not built by DeployMatrix (no {ImageLabels.Recipe} label)"),
            (events[0].Kind, events[0].Detail));
        Assert.Equal(ImageBuildEventKind.Built, events[1].Kind);
        Assert.Equal(target.RecipeHash, (await InspectAsync(target.Tag)).Config?.Labels?[ImageLabels.Recipe]);
    }

    [Fact]
    public async Task An_image_of_an_older_recipe_is_stale()
    {
        var built = Assert.Single(Empty("linux/amd64"));
        await EnsureAsync([built]);
        var changed = Assert.Single(Targets($"""
            images:
              - name: {_repository}
                recipe: musl
                packages: [musl, busybox-static]
                libc: {"{"} kind: musl, version: "1.2.3" {"}"}
                platforms: [linux/amd64]
            """));

        var status = await new ImageStore(_client).GetStatusAsync(changed, TestContext.Current.CancellationToken);

        Assert.Equal(built.Tag, changed.Tag);
        Assert.Equal((ImageState.Stale, "its recipe changed since it was built"), (status.State, status.Reason));
    }

    [Fact]
    public async Task The_directories_of_killed_builds_are_removed_before_building_and_those_of_live_ones_kept()
    {
        var builds = Path.Combine(_work.FullName, "image-builds");
        // No process has this id (Linux's pid_max is at most 2^22); this test process is alive.
        var killed = Directory.CreateDirectory(Path.Combine(builds, $"{int.MaxValue}-{_repository.Replace('/', '_')}_amd64-0/rootfs")).Parent!;
        File.WriteAllText(Path.Combine(killed.FullName, "rootfs", "half-written"), "");
        var live = Directory.CreateDirectory(Path.Combine(builds, $"{Environment.ProcessId}-another-build"));

        await EnsureAsync(Empty("linux/amd64"));

        Assert.False(killed.Exists, $"{killed.FullName} was left");
        Assert.True(Directory.Exists(live.FullName));
        Assert.Equal([live.FullName], Directory.GetDirectories(builds));
    }

    [Fact]
    public async Task The_directory_of_a_killed_build_in_memory_is_unmounted_with_what_was_mounted_inside_it_and_removed()
    {
        var builds = Path.Combine(_work.FullName, "image-builds");
        var killed = Directory.CreateDirectory(Path.Combine(builds, $"{int.MaxValue}-{_repository.Replace('/', '_')}_arm64-0"));
        Mounts.Here.Tmpfs(killed.FullName, ["mode=0700"]);
        var proc = Directory.CreateDirectory(Path.Combine(killed.FullName, "rootfs", "proc"));
        Mounts.Here.Tmpfs(proc.FullName, []);
        File.WriteAllText(Path.Combine(proc.FullName, "left"), "");

        await EnsureAsync(Empty("linux/amd64"));

        Assert.False(killed.Exists, $"{killed.FullName} was left");
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), line => line.Contains(killed.FullName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_build_names_the_image_its_platform_and_the_command_and_leaves_no_image_or_directory()
    {
        var targets = Targets($"""
            images:
              - name: {_repository}
                version: "1"
                recipe: debootstrap
                suite: no-such-suite
                libc: {"{"} kind: glibc, version: "2.36" {"}"}
                platforms: [linux/amd64]
              - name: {_repository}
                recipe: empty
                libc: {"{"} kind: none {"}"}
                platforms: [linux/amd64]
            """);

        var error = await Assert.ThrowsAsync<DeployMatrixException>(() => EnsureAsync(targets));

        Assert.StartsWith(
            $"1 of 2 images could not be built:\n{_repository}:1-amd64 (linux/amd64): `mmdebstrap --variant=minbase --arch=amd64 --skip=check/qemu --dpkgopt=force-unsafe-io ",
            error.Message, StringComparison.Ordinal);
        Assert.Contains(" no-such-suite ", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-suite Release' does not have a Release file", error.Message, StringComparison.Ordinal);
        Assert.Equal(ImageState.Missing, (await new ImageStore(_client).GetStatusAsync(targets[0], TestContext.Current.CancellationToken)).State);
        Assert.Equal(ImageState.UpToDate, (await new ImageStore(_client).GetStatusAsync(targets[1], TestContext.Current.CancellationToken)).State);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_work.FullName, "image-builds")));
    }

    private IReadOnlyList<ImageTarget> Empty(params string[] platforms) => Targets($"""
        images:
          - name: {_repository}
            recipe: empty
            libc: {"{"} kind: none {"}"}
            platforms: [{string.Join(", ", platforms)}]
        """);

    private IReadOnlyList<ImageTarget> Targets(string catalog) =>
        ImageTarget.ForCatalog(ImageCatalog.Parse("spec-images.yaml", catalog), harness.Assets.Linux32Launcher, []);

    private async Task<List<ImageBuildEvent>> EnsureAsync(IReadOnlyList<ImageTarget> targets)
    {
        var events = new Events();
        await new ImageBuilder(harness.Session.Engine, new ImageBuildOptions(_work.FullName))
            .EnsureAsync(targets, events, TestContext.Current.CancellationToken);
        return events.All;
    }

    private async Task<List<string>> IdsAsync(IEnumerable<ImageTarget> targets)
    {
        var ids = new List<string>();
        foreach (var target in targets)
        {
            ids.Add((await InspectAsync(target.Tag)).ID);
        }

        return ids;
    }

    private Task<ImageInspectResponse> InspectAsync(string tag) => _client.Images.InspectImageAsync(tag, TestContext.Current.CancellationToken);

    private Task TagAsync(string source, string reference)
    {
        var (repository, tag) = ImageReference.Split(reference);
        return _client.Images.TagImageAsync(source, new ImageTagParameters { RepositoryName = repository, Tag = tag }, TestContext.Current.CancellationToken);
    }

    /// <summary>An image as <c>docker import</c> makes one, with no labels: not of DeployMatrix's making.</summary>
    private async Task ImportAsync(string reference)
    {
        using var rootfs = new MemoryStream();
        await using (var writer = new TarWriter(rootfs, leaveOpen: true))
        {
            await writer.WriteEntryAsync(
                new PaxTarEntry(TarEntryType.RegularFile, "imported") { DataStream = new MemoryStream([1]) }, TestContext.Current.CancellationToken);
        }

        rootfs.Position = 0;
        var (repository, tag) = ImageReference.Split(reference);
        await _client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag },
            rootfs, null, new Progress<JSONMessage>(), TestContext.Current.CancellationToken);
        _imported.Add((await InspectAsync(reference)).ID);
    }

    /// <summary>Keeps events as they come (<see cref="Progress{T}"/> would hand them over later, on another thread).</summary>
    private sealed class Events : IProgress<ImageBuildEvent>
    {
        private readonly Lock _lock = new();

        public List<ImageBuildEvent> All { get; } = [];

        public void Report(ImageBuildEvent value)
        {
            lock (_lock)
            {
                All.Add(value);
            }
        }
    }
}
