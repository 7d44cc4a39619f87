using DeployMatrix.Containers;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// The bubblewrap runner mounts from the host into a container's root: a path in the container is resolved as the
/// container would resolve it, so that a link in the image never leads a mount to the host's own files.
/// </summary>
public sealed class RootPathSpecs : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("deploymatrix-rootpath-");

    [Fact]
    public void An_absolute_link_resolves_inside_the_root_not_on_the_host()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "etc"));
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "etc", "resolv.conf"), "/run/systemd/resolve/stub-resolv.conf");

        Assert.Equal(Path.Combine(_root.FullName, "run/systemd/resolve/stub-resolv.conf"), RootPath.Resolve(_root.FullName, "/etc/resolv.conf"));
    }

    [Fact]
    public void Dot_dot_stops_at_the_root_as_in_the_container()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "app"));
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "app", "up"), "../../../../etc");

        Assert.Equal(Path.Combine(_root.FullName, "etc/passwd"), RootPath.Resolve(_root.FullName, "/app/up/passwd"));
        Assert.Equal(Path.Combine(_root.FullName, "tmp"), RootPath.Resolve(_root.FullName, "/../../tmp"));
    }

    [Fact]
    public void A_link_loop_is_refused_as_the_kernel_refuses_it()
    {
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "a"), "/b");
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "b"), "/a");

        var error = Assert.Throws<DeployMatrixException>(() => RootPath.Resolve(_root.FullName, "/a/x"));
        Assert.Contains("more than 40 symbolic links", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mount_point_is_made_inside_the_root_where_a_link_points()
    {
        File.CreateSymbolicLink(Path.Combine(_root.FullName, "tmp"), "/var/tmp");

        var made = RootPath.MountPoint(_root.FullName, "/tmp/scratch", directory: true);

        Assert.Equal(Path.Combine(_root.FullName, "var/tmp/scratch"), made);
        Assert.True(Directory.Exists(made));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
