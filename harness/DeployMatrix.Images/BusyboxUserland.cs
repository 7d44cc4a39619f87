namespace DeployMatrix.Images;

/// <summary>
/// The shell and commands of an image without a distribution: Debian's static busybox, unpacked into the root file
/// system, with its applets linked where busybox itself would install them, and the few system files programs look
/// for.
/// </summary>
internal static class BusyboxUserland
{
    public const string Package = "busybox-static";

    private const string Busybox = "/bin/busybox";

    /// <summary>What this userland holds beyond the package, as part of an image's recipe hash: a change rebuilds the images that use it.</summary>
    public static KeyValuePair<string, string> Fingerprint { get; } = new("userland", "busybox, passwd, /root, /tmp, /var/tmp");

    /// <summary>
    /// Links each applet where busybox would install it (<c>--list-full</c>: <c>bin/sh</c>, <c>usr/bin/env</c>, ...),
    /// as Alpine does, so scripts find <c>/usr/bin/env</c> as well as <c>/bin/sh</c>. Runs the target's busybox: the
    /// platform must run on this host.
    /// </summary>
    public static async Task InstallAsync(string rootfs, CancellationToken cancellationToken)
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

        RootfsTree.WriteFile(rootfs, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/usr/sbin/nologin\n");
        RootfsTree.WriteFile(rootfs, "etc/group", "root:x:0:root\nnobody:x:65534:\n");
        await RootfsTree.CreateDirectoryAsync(rootfs, "root", "0700", cancellationToken).ConfigureAwait(false);
        await RootfsTree.CreateDirectoryAsync(rootfs, "tmp", "1777", cancellationToken).ConfigureAwait(false);
        // Programs keep caches and locks here across reboots, as on Alpine.
        await RootfsTree.CreateDirectoryAsync(rootfs, "var/tmp", "1777", cancellationToken).ConfigureAwait(false);
    }
}
