using DeployMatrix.Images;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// A build's directory is a tmpfs of its own when the workspace is in memory, and a directory of the work directory's
/// file system otherwise; either way nothing of it is left once it is disposed.
/// </summary>
public sealed class BuildWorkspaceSpecs : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dm-build-workspace-");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_build_directory_is_in_memory_only_when_the_workspace_is_and_is_gone_after_the_build(bool inMemory)
    {
        var directory = new BuildWorkspace(_root.FullName, inMemory).Create("spec");
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
