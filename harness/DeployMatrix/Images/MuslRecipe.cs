using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// Alpine's C library without Alpine: Debian's <c>musl</c> (the loader <c>/lib/ld-musl-ARCH.so.1</c>, which is the
/// libc) and <c>busybox-static</c> for a shell and the usual commands, laid out as Alpine has them.
/// </summary>
internal sealed class MuslRecipe : IRootfsRecipe
{
    public const string KindName = "musl";

    private const string LibcPackage = "musl";
    private const string BusyboxPackage = "busybox-static";
    private const string Busybox = "/bin/busybox";

    public MuslRecipe(IReadOnlyList<string> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        if (LackingPackages(packages) is { } lacking)
        {
            throw new ArgumentException(lacking, nameof(packages));
        }

        Packages = packages;
    }

    /// <summary>The Debian packages unpacked into the root file system, for the target's architecture.</summary>
    public IReadOnlyList<string> Packages { get; }

    public string Kind => KindName;

    public LibcKind ProvidedLibc => LibcKind.Musl;

    public IReadOnlyList<KeyValuePair<string, string>> Fingerprint => [new("packages", string.Join(' ', Packages))];

    internal static IReadOnlyList<string> CatalogKeys { get; } = ["packages"];

    internal static MuslRecipe FromCatalog(CatalogNode entry)
    {
        var node = entry.Child("packages");
        var packages = node.TextItems();
        return LackingPackages(packages) is { } lacking ? throw node.Error(lacking) : new MuslRecipe(packages);
    }

    public void CheckHost(BuildHost host, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(host);
        HostTool.AptGet.Require();
        HostTool.DpkgDeb.Require();

        // The applet list comes from running the target's busybox.
        host.RequireRunnable(platform);
    }

    public async Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rootfs = context.Rootfs;
        foreach (var deb in await DownloadAsync(context, cancellationToken).ConfigureAwait(false))
        {
            var (package, version) = await ReadPackageAsync(deb, cancellationToken).ConfigureAwait(false);
            if (package == LibcPackage)
            {
                context.Image.Libc.Verify(package, version);
            }

            await new HostCommand("dpkg-deb", ["--extract", deb, rootfs]).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        // Documentation, lintian overrides and initramfs hooks: nothing a program uses.
        RootfsTree.Delete(rootfs, "usr/share");

        // Alpine's name for the C library; programs built there may name it in DT_NEEDED.
        var loader = Path.GetFileName(context.Platform.MuslInterpreter);
        RootfsTree.Link(rootfs, $"lib/libc.musl-{context.Platform.MuslArchitecture}.so.1", loader);

        await LinkBusyboxAppletsAsync(rootfs, cancellationToken).ConfigureAwait(false);
        await AddMinimalSystemFilesAsync(rootfs, cancellationToken).ConfigureAwait(false);
    }

    private static string? LackingPackages(IReadOnlyList<string> packages)
    {
        var lacking = new[] { LibcPackage, BusyboxPackage }.Except(packages).ToList();
        return lacking.Count == 0 ? null : $"the {KindName} recipe needs package {string.Join(" and ", lacking)}";
    }

    private async Task<string[]> DownloadAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(context.ScratchDirectory, "debs");
        Directory.CreateDirectory(directory);
        var architecture = context.Platform.DebianArchitecture;

        // The build directory is root's: apt's _apt user could not write there, and would only warn and fall back.
        var download = new HostCommand(
            "apt-get",
            ["download", "-o", "APT::Sandbox::User=root", .. Packages.Select(p => $"{p}:{architecture}")])
        {
            WorkingDirectory = directory,
        };
        try
        {
            await download.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DeployMatrixException e)
        {
            var remedy = await DpkgKnowsAsync(architecture, cancellationToken).ConfigureAwait(false)
                ? $"If apt's package lists lack {architecture} packages: apt-get update."
                : $"dpkg does not know {architecture} packages: dpkg --add-architecture {architecture} && apt-get update (./dm setup does this).";
            throw new DeployMatrixException(e.Message + Environment.NewLine + remedy, e);
        }

        return [.. Directory.GetFiles(directory, "*.deb").Order(StringComparer.Ordinal)];
    }

    private static async Task<bool> DpkgKnowsAsync(string architecture, CancellationToken cancellationToken)
    {
        var native = await new HostCommand("dpkg", ["--print-architecture"]).RunAsync(cancellationToken).ConfigureAwait(false);
        var foreign = await new HostCommand("dpkg", ["--print-foreign-architectures"]).RunAsync(cancellationToken).ConfigureAwait(false);
        return $"{native}\n{foreign}".Split('\n', StringSplitOptions.TrimEntries).Contains(architecture);
    }

    private static async Task<(string Package, string Version)> ReadPackageAsync(string deb, CancellationToken cancellationToken)
    {
        var fields = (await new HostCommand("dpkg-deb", ["--field", deb, "Package", "Version"])
                .RunAsync(cancellationToken).ConfigureAwait(false))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
        return (fields["Package"], fields["Version"]);
    }

    /// <summary>
    /// Links each applet where busybox itself would install it (<c>--list-full</c>: <c>bin/sh</c>,
    /// <c>usr/bin/env</c>, ...), as Alpine does, so scripts find <c>/usr/bin/env</c> as well as <c>/bin/sh</c>.
    /// </summary>
    private static async Task LinkBusyboxAppletsAsync(string rootfs, CancellationToken cancellationToken)
    {
        var applets = await new HostCommand(Path.Combine(rootfs, Busybox.TrimStart('/')), ["--list-full"])
            .RunAsync(cancellationToken).ConfigureAwait(false);
        foreach (var applet in applets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Only commands; busybox also lists linuxrc, an initrd's init.
            if (applet.Contains('/', StringComparison.Ordinal))
            {
                RootfsTree.Link(rootfs, applet, Busybox);
            }
        }
    }

    private static async Task AddMinimalSystemFilesAsync(string rootfs, CancellationToken cancellationToken)
    {
        RootfsTree.WriteFile(rootfs, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/usr/sbin/nologin\n");
        RootfsTree.WriteFile(rootfs, "etc/group", "root:x:0:root\nnobody:x:65534:\n");
        await RootfsTree.CreateDirectoryAsync(rootfs, "root", "0700", cancellationToken).ConfigureAwait(false);
        await RootfsTree.CreateDirectoryAsync(rootfs, "tmp", "1777", cancellationToken).ConfigureAwait(false);
    }
}
