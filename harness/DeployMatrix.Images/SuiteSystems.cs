using System.Collections.Concurrent;

namespace DeployMatrix.Images;

/// <summary>
/// Debian systems of this host's own architecture, one per suite, each made once per build run and shared read-only
/// by that suite's chrootless builds. In them the suite's own dpkg, apt and the tools its maintainer scripts call
/// (add-shell, pam-auth-update, update-alternatives) run natively on the target's files, so a system for a platform
/// this host emulates comes out as its chroot under qemu makes it, in seconds instead of minutes. Removed with the run.
/// </summary>
internal sealed class SuiteSystems(BuildWorkspace workspace, BuildHost host) : IAsyncDisposable
{
    /// <summary>Where the system sees the root file system it builds.</summary>
    public const string Target = "/target";

    private readonly ConcurrentDictionary<string, Lazy<Task<BuildDirectory>>> _systems = new(StringComparer.Ordinal);

    /// <summary>The root of <paramref name="suite"/>'s system for this host, with mmdebstrap in it; made on first use.</summary>
    public async Task<string> GetAsync(string suite, CancellationToken cancellationToken)
    {
        var system = _systems.GetOrAdd(suite, name => new Lazy<Task<BuildDirectory>>(() => MakeAsync(name, cancellationToken)));
        return (await system.Value.ConfigureAwait(false)).Rootfs;
    }

    /// <summary>
    /// Runs <paramref name="mmdebstrap"/>'s arguments (whose target is <see cref="Target"/>) with the system's own
    /// mmdebstrap, in a view where the system is read-only but for a /tmp of its own and the target, bound from
    /// <paramref name="rootfs"/>: a script that ignores DPKG_ROOT fails instead of changing the system.
    /// </summary>
    public async Task<string> RunAsync(string suite, IReadOnlyList<string> mmdebstrap, string rootfs, CancellationToken cancellationToken)
    {
        var system = await GetAsync(suite, cancellationToken).ConfigureAwait(false);
        string[] mirror = host.DebianMirror.IsFile ? ["--ro-bind", host.DebianMirror.LocalPath, host.DebianMirror.LocalPath] : [];
        return await new HostCommand(
                HostTool.Bubblewrap.Require(),
                ["--ro-bind", system, "/", "--tmpfs", "/tmp", "--bind", rootfs, Target, "--dev-bind", "/dev", "/dev", "--proc", "/proc", .. mirror,
                 "--", "mmdebstrap", .. mmdebstrap])
            .RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the systems made; one that failed to be made removed itself.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var system in _systems.Values.Where(s => s.IsValueCreated && s.Value.IsCompletedSuccessfully))
        {
            await system.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<BuildDirectory> MakeAsync(string suite, CancellationToken cancellationToken)
    {
        var directory = workspace.Create($"system-{suite}");
        try
        {
            await new HostCommand(
                    "mmdebstrap",
                    ["--variant=minbase", "--include=mmdebstrap", .. DebootstrapRecipe.UnsafeIo, suite, directory.Rootfs, host.DebianMirror.ToString()])
                .RunAsync(cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(directory.Rootfs + Target);
            return directory;
        }
        catch
        {
            await directory.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
