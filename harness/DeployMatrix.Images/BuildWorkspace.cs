using System.Globalization;

namespace DeployMatrix.Images;

/// <summary>
/// Where image builds happen: one directory per build, named after the process that owns it, so directories of
/// builds that were killed (and could not clean up) are recognised and removed by the next run.
/// </summary>
internal sealed class BuildWorkspace(string root)
{
    private string BuildsDirectory => Path.Combine(root, "image-builds");

    /// <returns>How many directories of killed builds it removed.</returns>
    public async Task<int> RemoveLeftoversAsync()
    {
        if (!Directory.Exists(BuildsDirectory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var directory in Directory.GetDirectories(BuildsDirectory))
        {
            var owner = Path.GetFileName(directory).Split('-')[0];
            if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var processId) || !LiveProcesses.IsAlive(processId))
            {
                await DirectoryRemover.RemoveAsync(directory).ConfigureAwait(false);
                removed++;
            }
        }

        return removed;
    }

    public BuildDirectory Create(ImageTarget target) => Create(target.Tag);

    /// <param name="what">What the directory is for, in its name: an image's tag, or <c>system-SUITE</c>.</param>
    public BuildDirectory Create(string what)
    {
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessId}-{what.Replace('/', '_').Replace(':', '_')}-{Guid.NewGuid():N}");
        return new BuildDirectory(Path.Combine(BuildsDirectory, name));
    }
}
