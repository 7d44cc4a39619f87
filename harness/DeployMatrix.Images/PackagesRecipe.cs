using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// Debian packages unpacked as they are, the way Google's distroless images are made: no maintainer script runs, and
/// there is no package manager, no shell and no busybox. Beside the packages, what distroless adds
/// (<see cref="DistrolessSystemFiles"/>), and, where <c>ca-certificates</c> is among them, the certificate bundle its
/// script would have made (<see cref="CertificateBundle"/>). The C library is the package's among them (libc6 or
/// musl), or none. Nothing of the target runs while building, so every platform builds on any host.
/// </summary>
internal sealed class PackagesRecipe : IRootfsRecipe
{
    public const string KindName = "packages";

    private PackagesRecipe(DebianPackages packages, string? libcPackage)
    {
        Packages = packages;
        LibcPackage = libcPackage;
    }

    /// <summary>The Debian packages unpacked into the root file system, for the target's architecture.</summary>
    public DebianPackages Packages { get; }

    /// <summary>The package among them that is the C library (<c>libc6</c>), or null for an image without one.</summary>
    public string? LibcPackage { get; }

    public string Kind => KindName;

    public LibcKind ProvidedLibc => LibcPackage is null ? LibcKind.None : DebianLibcPackage.Kinds[LibcPackage];

    public IReadOnlyList<KeyValuePair<string, string>> Fingerprint => [.. Packages.Fingerprint, DistrolessSystemFiles.Fingerprint];

    internal static IReadOnlyList<string> CatalogKeys => DebianPackages.CatalogKeys;

    internal static PackagesRecipe FromCatalog(CatalogNode entry)
    {
        var packages = DebianPackages.FromCatalog(entry);
        var node = entry.Child("packages");
        if (packages.Packages.Count == 0)
        {
            throw node.Error("no packages listed");
        }

        var libc = packages.Packages.Where(DebianLibcPackage.Kinds.ContainsKey).ToList();
        return libc.Count <= 1
            ? new PackagesRecipe(packages, libc.SingleOrDefault())
            : throw node.Error($"{string.Join(" and ", libc)} are two C libraries; an image has one, or none");
    }

    public void CheckHost(BuildHost host, Platform platform) => Packages.CheckHost(host);

    public async Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var unpacked = await Packages.UnpackAsync(context, cancellationToken).ConfigureAwait(false);
        if (LibcPackage is not null)
        {
            DebianLibcPackage.Verify(context, unpacked, LibcPackage);
        }

        if (Packages.Packages.Contains(CertificateBundle.Package))
        {
            await CertificateBundle.WriteAsync(context.Rootfs, cancellationToken).ConfigureAwait(false);
        }

        await DistrolessSystemFiles.WriteAsync(context.Rootfs, cancellationToken).ConfigureAwait(false);
    }
}
