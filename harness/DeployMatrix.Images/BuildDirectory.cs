using DeployMatrix.Containers.Runc;

namespace DeployMatrix.Images;

/// <summary>
/// The private directory of one image build; deleted when disposed, whatever happened. In memory, it is a tmpfs of
/// its own (see <see cref="BuildWorkspace"/>), which disposing unmounts.
/// </summary>
internal sealed class BuildDirectory : IAsyncDisposable
{
    public BuildDirectory(string path, bool inMemory)
    {
        Path = path;
        Directory.CreateDirectory(path);
        if (inMemory)
        {
            // Only root builds images; nobody else needs to look inside.
            Mounts.Here.Tmpfs(path, ["mode=0700"]);
        }

        Directory.CreateDirectory(Rootfs);
        Directory.CreateDirectory(Scratch);
    }

    public string Path { get; }

    /// <summary>Becomes the image's layer.</summary>
    public string Rootfs => System.IO.Path.Combine(Path, "rootfs");

    /// <summary>For downloads and the like.</summary>
    public string Scratch => System.IO.Path.Combine(Path, "scratch");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DirectoryRemover.RemoveAsync(Path).ConfigureAwait(false);
        }
        catch (DeployMatrixException)
        {
            // Must not hide the build's own outcome: what is left is removed, or reported, when the next build starts.
        }
    }
}
