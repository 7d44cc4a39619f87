using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// A minimal Debian system of one suite, from the Debian mirror this machine's apt uses: what
/// <c>debootstrap --variant=minbase</c> makes (Essential packages and apt, /usr merged as debootstrap merges it), made
/// by mmdebstrap, which downloads with apt and installs the Essential set in one run of dpkg instead of debootstrap's
/// package-by-package second stage: about 5 times faster natively, 2 to 3 times under qemu-user (NOTES.md). A mirror (or
/// a cache in front of it) can serve a suite's package lists out of step with its Release file, which apt rightly
/// refuses; the catalog may then name aliases of the same release (<c>stable</c> for trixie) to try next, and the
/// system they give is accepted only if its <c>/etc/os-release</c> names the suite asked for.
/// </summary>
/// <param name="mirror">The suite, and its other names on the mirror.</param>
/// <param name="chrootless">
/// The catalog's <c>chrootless</c>: the suite's maintainer scripts honour DPKG_ROOT, so its own dpkg and tools, run
/// natively in a system of the suite for this host's architecture (<see cref="SuiteSystems"/>), install the same
/// system as a chroot of the target does; done where this host emulates the platform.
/// </param>
internal sealed class DebootstrapRecipe(MirrorSuite mirror, bool chrootless = false) : IRootfsRecipe
{
    public const string KindName = "debootstrap";

    private const string ChrootlessKey = "chrootless";

    /// <summary>Essential packages and apt only: what a bare Debian container has.</summary>
    private const string Variant = "minbase";

    /// <summary>Where Debian's mmdebstrap package keeps its hooks.</summary>
    private const string Hooks = "/usr/share/mmdebstrap/hooks";

    /// <summary>
    /// After the Essential set: removes the empty usr-is-merged that mmdebstrap's merged-usr setup hook installs
    /// (bullseye has no such package and nothing there asks for one), and the multilib links that hook makes for
    /// the architecture but that no package filled (lib32 and libx32 on amd64), which debootstrap never makes.
    /// </summary>
    private const string DropUsrIsMerged =
        "chroot \"$1\" dpkg --purge usr-is-merged && for d in lib32 lib64 libo32 libx32; do " +
        "if [ -L \"$1/$d\" ] && [ -z \"$(ls -A \"$1/usr/$d\")\" ]; then rm \"$1/$d\" && rmdir \"$1/usr/$d\"; fi; done";

    /// <summary>The suite, and its other names on the mirror.</summary>
    public MirrorSuite Mirror { get; } = mirror;

    public string Suite => Mirror.Name;

    public string Kind => KindName;

    public LibcKind ProvidedLibc => LibcKind.Glibc;

    public IReadOnlyList<KeyValuePair<string, string>> Fingerprint => [new("suite", Suite), new("variant", Variant), new("tool", "mmdebstrap")];

    internal static IReadOnlyList<string> CatalogKeys => [.. MirrorSuite.CatalogKeys, ChrootlessKey];

    internal static DebootstrapRecipe FromCatalog(CatalogNode entry)
    {
        // Asked for first, so that a missing suite is named as such even where aliases are given.
        _ = entry.Child("suite");
        var chrootless = entry.OptionalChild(ChrootlessKey) is { } key
            ? key.Text() switch
            {
                "true" => true,
                "false" => false,
                var other => throw key.Error($"'{other}' is not true or false"),
            }
            : false;
        return new DebootstrapRecipe(MirrorSuite.FromCatalog(entry)!, chrootless);
    }

    public void CheckHost(BuildHost host, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(host);
        HostTool.Mmdebstrap.Require();
        _ = host.DebianMirror;

        // mmdebstrap runs the target's dpkg and maintainer scripts in a chroot. This is the check mmdebstrap would
        // make with arch-test (skipped below), and more: a binfmt_misc entry must have flag F to work in a chroot.
        host.RequireRunnable(platform);
        if (RunsEmulated(host, platform))
        {
            NativeUnpack.CheckHost();
        }
    }

    /// <summary>Emulated unless chrootless, where the suite's own dpkg runs the scripts natively and qemu only the target's ldconfig.</summary>
    public bool RunsEmulated(BuildHost host, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Emulates(platform) && !chrootless;
    }

    public async Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rootfs = context.Rootfs;
        var unpack = RunsEmulated(context.Host, context.Platform)
            ? await NativeUnpack.PrepareAsync(Path.Combine(context.ScratchDirectory, "native-unpack"), cancellationToken).ConfigureAwait(false)
            : null;
        await Mirror.FirstWorkingNameAsync(
                name => MmdebstrapAsync(context, name, unpack, cancellationToken),
                async () =>
                {
                    // The next name starts from an empty directory: a failed mmdebstrap can leave a partial system behind.
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

    /// <param name="unpack">Where the platform is emulated in a chroot: this host's tools that unpack the packages.</param>
    private async Task<string> MmdebstrapAsync(RootfsBuildContext context, string suite, NativeUnpack? unpack, CancellationToken cancellationToken)
    {
        if (!RunsChrootless(context.Host, context.Platform))
        {
            return await new HostCommand("mmdebstrap", Mmdebstrap(context, suite, unpack?.MmdebstrapOptions ?? [], context.Rootfs))
                {
                    Environment = unpack?.Environment,
                }
                .RunAsync(cancellationToken).ConfigureAwait(false);
        }

        // The suite's own dpkg and tools run the target's maintainer scripts natively (under qemu each takes seconds),
        // in the suite's system for this host. Then the two things that come out differently from a chroot: the
        // loader's cache, which only the target's own ldconfig writes (the chrootless cache is empty), and apt's
        // partial download directory, which apt outside the target gives to its _apt user.
        var rootfs = context.Rootfs;
        var output = await context.Systems.RunAsync(suite, Mmdebstrap(context, suite, ["--mode=chrootless"], SuiteSystems.Target), rootfs, cancellationToken)
            .ConfigureAwait(false);
        await new HostCommand("chroot", [rootfs, "/sbin/ldconfig"]).RunAsync(cancellationToken).ConfigureAwait(false);
        RootfsTree.Delete(rootfs, "var/cache/ldconfig/aux-cache");
        await new HostCommand("chown", ["0:0", Path.Combine(rootfs, "var/cache/apt/archives/partial")]).RunAsync(cancellationToken).ConfigureAwait(false);
        return output;
    }

    /// <summary>Where this host emulates the platform and the catalog says <c>chrootless</c>.</summary>
    private bool RunsChrootless(BuildHost host, Platform platform) => chrootless && host.Emulates(platform);

    /// <summary>mmdebstrap's arguments, for the root file system at <paramref name="target"/> as mmdebstrap sees it.</summary>
    /// <param name="options">Options of the way it builds: its mode, or hooks.</param>
    private string[] Mmdebstrap(RootfsBuildContext context, string suite, IReadOnlyList<string> options, string target) =>
    [
        .. options,
        $"--variant={Variant}",
        $"--arch={context.Platform.DebianArchitecture}",
        // CheckHost ran the platform's binaries; mmdebstrap's own check needs arch-test, and copies
        // qemu-user-static into the chroot unless a binfmt_misc entry named qemu-ARCH has flag F.
        "--skip=check/qemu",
        .. UnsafeIo,
        .. MergedUsrOptions(Suite),
        suite,
        target,
        context.Host.DebianMirror.ToString(),
    ];

    /// <summary>
    /// dpkg without fsync: a build that fails is thrown away whole, so syncing each file buys nothing (bullseye i386
    /// took 14 s instead of 21). mmdebstrap keeps its dpkg options in the image; the customize hook removes them, and
    /// the tree is then the same file for file.
    /// </summary>
    internal static readonly string[] UnsafeIo = ["--dpkgopt=force-unsafe-io", "--customize-hook=rm \"$1/etc/dpkg/dpkg.cfg.d/99mmdebstrap\""];

    /// <summary>
    /// What gives the suite's /usr as debootstrap 1.0.128 gives it (its scripts/debian-common), decided on the
    /// release's codename (not on an alias that named it on the mirror). mmdebstrap leaves /usr to the packages, and
    /// for bookworm apt would satisfy init-system-helpers' <c>usrmerge | usr-is-merged</c> with usrmerge, which
    /// converts the system at install time and brings perl (96 packages instead of 88).
    /// <list type="bullet">
    /// <item>buster and bullseye: the directory links (bin, sbin, lib, the architecture's multilib directories that
    /// hold something), and no package;</item>
    /// <item>bookworm: the same links, and the usr-is-merged package that says the system is merged;</item>
    /// <item>later suites: nothing, their packages ship merged /usr; earlier ones: nothing, debootstrap did not
    /// merge them.</item>
    /// </list>
    /// </summary>
    internal static IReadOnlyList<string> MergedUsrOptions(string suite) => suite switch
    {
        "buster" or "bullseye" => [$"--setup-hook={Hooks}/merged-usr/setup00.sh", $"--essential-hook={DropUsrIsMerged}"],
        "bookworm" => [$"--hook-dir={Hooks}/merged-usr"],
        _ => [],
    };

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
                $"mmdebstrap made a system whose /etc/os-release names '{codename ?? "no codename"}', not {Suite}: " +
                $"a mirror alias in the catalog ({string.Join(", ", Mirror.Aliases)}) no longer names this release; remove it.");
        }
    }

    /// <summary>
    /// Leaves out of the layer what containers do not use: apt's lists and caches (<c>apt-get update</c> fetches
    /// them again; mmdebstrap already removes most), device nodes (Docker mounts its own /dev), and what mmdebstrap
    /// copied from this host (resolv.conf and hostname, which Docker provides at run time and which must not carry
    /// this host's).
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
