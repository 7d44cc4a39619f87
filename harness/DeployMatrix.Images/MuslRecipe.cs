using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// Alpine's C library without Alpine: Debian's <c>musl</c> (the loader <c>/lib/ld-musl-ARCH.so.1</c>, which is the
/// libc) and <c>busybox-static</c> for a shell and the usual commands, laid out as Alpine has them. The packages come
/// from this machine's apt sources, or from another suite of its mirror (Debian 13's musl 1.2.5 on a Debian 12 host).
/// </summary>
internal sealed class MuslRecipe : IRootfsRecipe
{
    public const string KindName = "musl";

    public MuslRecipe(DebianPackages packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        if (LackingPackages(packages.Packages) is { } lacking)
        {
            throw new ArgumentException(lacking, nameof(packages));
        }

        Packages = packages;
    }

    /// <summary>The Debian packages unpacked into the root file system, for the target's architecture.</summary>
    public DebianPackages Packages { get; }

    public string Kind => KindName;

    public LibcKind ProvidedLibc => LibcKind.Musl;

    public IReadOnlyList<KeyValuePair<string, string>> Fingerprint => [.. Packages.Fingerprint, BusyboxUserland.Fingerprint];

    internal static IReadOnlyList<string> CatalogKeys => DebianPackages.CatalogKeys;

    internal static MuslRecipe FromCatalog(CatalogNode entry)
    {
        var packages = DebianPackages.FromCatalog(entry);
        return LackingPackages(packages.Packages) is { } lacking ? throw entry.Child("packages").Error(lacking) : new MuslRecipe(packages);
    }

    public void CheckHost(BuildHost host, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(host);
        Packages.CheckHost(host);

        // The applet list comes from running the target's busybox.
        host.RequireRunnable(platform);
    }

    public async Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rootfs = context.Rootfs;
        var unpacked = await Packages.UnpackAsync(context, cancellationToken).ConfigureAwait(false);
        DebianLibcPackage.Verify(context, unpacked, DebianLibcPackage.Musl);
        DebianPackages.LinkMergedUsr(rootfs);

        // Documentation, lintian overrides and initramfs hooks: nothing a program uses.
        RootfsTree.Delete(rootfs, "usr/share");

        // Alpine's name for the C library; programs built there may name it in DT_NEEDED.
        var loader = Path.GetFileName(context.Platform.MuslInterpreter);
        RootfsTree.Link(rootfs, $"lib/libc.musl-{context.Platform.MuslArchitecture}.so.1", loader);

        await BusyboxUserland.InstallAsync(rootfs, cancellationToken).ConfigureAwait(false);
    }

    private static string? LackingPackages(IReadOnlyList<string> packages)
    {
        var lacking = new[] { DebianLibcPackage.Musl, BusyboxUserland.Package }.Except(packages).ToList();
        return lacking.Count == 0 ? null : $"the {KindName} recipe needs package {string.Join(" and ", lacking)}";
    }
}
