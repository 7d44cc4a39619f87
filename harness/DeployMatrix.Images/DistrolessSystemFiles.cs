namespace DeployMatrix.Images;

/// <summary>
/// What Google's distroless images hold beside their packages (the root variant of each): the accounts root, nobody
/// and nonroot (65532, for images run as that user), their groups and homes, a world-writable <c>/tmp</c>, and an
/// <c>nsswitch.conf</c> that makes glibc read users from <c>/etc/passwd</c> and hosts from <c>/etc/hosts</c> first.
/// No login shell: there is none to log in to.
/// </summary>
internal static class DistrolessSystemFiles
{
    public const int NonrootId = 65532;

    private const string Passwd = """
        root:x:0:0:root:/root:/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
        nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin

        """;

    private const string Group = """
        root:x:0:
        nobody:x:65534:
        tty:x:5:
        staff:x:50:
        nonroot:x:65532:

        """;

    private const string NameServiceSwitch = """
        passwd:         compat
        group:          compat
        shadow:         compat
        gshadow:        files

        hosts:          files dns
        networks:       files

        protocols:      db files
        services:       db files
        ethers:         db files
        rpc:            db files

        netgroup:       nis

        """;

    private static readonly (string Path, string Mode, int Owner)[] Directories =
    [
        ("root", "0700", 0),
        ("home", "0755", 0),
        ("home/nonroot", "0700", NonrootId),
        ("tmp", "1777", 0),
    ];

    /// <summary>The files themselves, as part of an image's recipe hash: any change to them rebuilds the images.</summary>
    public static KeyValuePair<string, string> Fingerprint { get; } = new(
        "distroless files",
        string.Join('\n', [Passwd, Group, NameServiceSwitch, .. Directories.Select(d => $"{d.Path} {d.Mode} {d.Owner}")]));

    public static async Task WriteAsync(string rootfs, CancellationToken cancellationToken)
    {
        RootfsTree.WriteFile(rootfs, "etc/passwd", Passwd);
        RootfsTree.WriteFile(rootfs, "etc/group", Group);
        RootfsTree.WriteFile(rootfs, "etc/nsswitch.conf", NameServiceSwitch);
        foreach (var (path, mode, owner) in Directories)
        {
            await RootfsTree.CreateDirectoryAsync(rootfs, path, mode, owner, cancellationToken).ConfigureAwait(false);
        }
    }
}
