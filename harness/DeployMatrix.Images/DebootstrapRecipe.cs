using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// A minimal Debian system of one suite, from the Debian mirror this machine's apt uses. A mirror (or a cache in
/// front of it) can serve a suite's package lists out of step with its Release file, which debootstrap rightly
/// refuses; the catalog may then name aliases of the same release (<c>stable</c> for trixie) to try next, and the
/// system they give is accepted only if its <c>/etc/os-release</c> names the suite asked for.
/// </summary>
internal sealed class DebootstrapRecipe(MirrorSuite mirror) : IRootfsRecipe
{
    public const string KindName = "debootstrap";

    /// <summary>Essential packages and apt only: what a bare Debian container has.</summary>
    private const string Variant = "minbase";

    /// <summary>The suite, and its other names on the mirror.</summary>
    public MirrorSuite Mirror { get; } = mirror;

    public string Suite => Mirror.Name;

    public string Kind => KindName;

    public LibcKind ProvidedLibc => LibcKind.Glibc;

    public IReadOnlyList<KeyValuePair<string, string>> Fingerprint => [new("suite", Suite), new("variant", Variant)];

    internal static IReadOnlyList<string> CatalogKeys => MirrorSuite.CatalogKeys;

    internal static DebootstrapRecipe FromCatalog(CatalogNode entry)
    {
        // Asked for first, so that a missing suite is named as such even where aliases are given.
        _ = entry.Child("suite");
        return new DebootstrapRecipe(MirrorSuite.FromCatalog(entry)!);
    }

    public void CheckHost(BuildHost host, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(host);
        HostTool.Debootstrap.Require();
        _ = host.DebianMirror;

        // In one stage debootstrap runs the target's maintainer scripts in a chroot.
        host.RequireRunnable(platform);
    }

    public async Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rootfs = context.Rootfs;
        await Mirror.FirstWorkingNameAsync(
                name => DebootstrapAsync(context, name, cancellationToken),
                async () =>
                {
                    // The next name starts from an empty directory: a failed debootstrap leaves a partial system behind.
                    await DirectoryRemover.RemoveAsync(rootfs).ConfigureAwait(false);
                    Directory.CreateDirectory(rootfs);
                },
                first => new DeployMatrixException(
                    first.Message + (Mirror.Aliases.Count == 0 ? "" : $" (the mirror aliases {string.Join(", ", Mirror.Aliases)} failed too)"),
                    first),
                cancellationToken)
            .ConfigureAwait(false);

        RequireRelease(rootfs);
        context.Image.Libc.Verify(DebianLibcPackage.Glibc, DpkgStatus.InstalledVersion(rootfs, DebianLibcPackage.Glibc));
        Slim(rootfs);
    }

    private static Task<string> DebootstrapAsync(RootfsBuildContext context, string suite, CancellationToken cancellationToken) =>
        new HostCommand(
            "debootstrap",
            [$"--variant={Variant}", $"--arch={context.Platform.DebianArchitecture}", suite, context.Rootfs, context.Host.DebianMirror.ToString()])
        {
            LogFile = Path.Combine(context.Rootfs, "debootstrap/debootstrap.log"),
        }.RunAsync(cancellationToken);

    /// <summary>The system must be the release asked for, whichever name of it the mirror served.</summary>
    private void RequireRelease(string rootfs)
    {
        var osRelease = Path.Combine(rootfs, "etc/os-release");
        var codename = File.Exists(osRelease)
            ? File.ReadLines(osRelease).FirstOrDefault(l => l.StartsWith("VERSION_CODENAME=", StringComparison.Ordinal))?["VERSION_CODENAME=".Length..]
            : null;
        if (codename != Suite)
        {
            throw new DeployMatrixException(
                $"debootstrap made a system whose /etc/os-release names '{codename ?? "no codename"}', not {Suite}: " +
                $"a mirror alias in the catalog ({string.Join(", ", Mirror.Aliases)}) no longer names this release; remove it.");
        }
    }

    /// <summary>
    /// Leaves out of the layer what containers do not use: apt's lists and caches (<c>apt-get update</c> fetches
    /// them again), device nodes (Docker mounts its own /dev), and what debootstrap copied from this host
    /// (resolv.conf and hostname, which Docker provides at run time and which must not carry this host's).
    /// </summary>
    private static void Slim(string rootfs)
    {
        RootfsTree.Empty(rootfs, "var/lib/apt/lists");
        RootfsTree.Empty(rootfs, "var/cache/apt/archives/partial");
        RootfsTree.DeleteFiles(rootfs, "var/cache/apt/archives", "*.deb");
        RootfsTree.DeleteFiles(rootfs, "var/cache/apt", "*.bin");
        RootfsTree.Empty(rootfs, "dev");
        RootfsTree.Delete(rootfs, "etc/resolv.conf");
        RootfsTree.Delete(rootfs, "etc/hostname");
    }
}
