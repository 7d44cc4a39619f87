using DeployMatrix.Images;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// A build's directory is a tmpfs of its own when the workspace is in memory, and a directory of the work directory's
/// file system otherwise; either way nothing of it is left once it is disposed.
/// </summary>
public sealed class BuildWorkspaceSpecs : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dm-build-workspace-");

    private const long Gigabyte = 1L << 30;

    [Theory]
    [InlineData(3, 6 * Gigabyte, "in memory: 6.0 GB of memory available, 6 GB needed to build 3 at a time in memory")]
    [InlineData(3, 6 * Gigabyte - 1, "on disk under {0}: 5.9 GB of memory available, 6 GB needed to build 3 at a time in memory")]
    [InlineData(1, Gigabyte, "on disk under {0}: 1.0 GB of memory available, 2 GB needed to build 1 at a time in memory")]
    public void Builds_are_in_memory_when_2_GB_are_available_for_each_build_at_a_time_and_say_where(int parallel, long available, string where)
    {
        var workspace = BuildWorkspace.For(new ImageBuildOptions(_root.FullName, parallel), available);

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, where, _root.FullName), workspace.Where);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_build_directory_is_in_memory_only_when_the_workspace_is_and_is_gone_after_the_build(bool inMemory)
    {
        var directory = BuildWorkspace.For(new ImageBuildOptions(_root.FullName, 1), inMemory ? 2 * Gigabyte : Gigabyte).Create("spec");
        await File.WriteAllTextAsync(Path.Combine(directory.Rootfs, "file"), "", TestContext.Current.CancellationToken);

        var mount = MountOf(directory.Path);
        await directory.DisposeAsync();

        Assert.Equal(inMemory ? (directory.Path, "tmpfs") : MountOf(_root.FullName), mount);
        Assert.False(Directory.Exists(directory.Path));
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), line => line.Contains(directory.Path, StringComparison.Ordinal));
    }

    public void Dispose() => _root.Delete(recursive: true);

    /// <summary>The mount that holds <paramref name="path"/>: its mount point, and its file system type (the field after mountinfo's separator).</summary>
    private static (string Point, string Type) MountOf(string path) =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Select(fields => (Point: fields[4], Type: fields[Array.IndexOf(fields, "-") + 1]))
            .Where(mount => path == mount.Point || path.StartsWith(mount.Point.TrimEnd('/') + "/", StringComparison.Ordinal))
            .Last();
}
