using System.Text.RegularExpressions;
using DeployMatrix.Platforms;

namespace DeployMatrix.Images;

/// <summary>
/// The C and C++ runtime of an older system, taken from a cross toolchain's sysroot shipped as an npm package (the
/// glibc 2.17 and libstdc++ 6.0.19 of CentOS 7 in <c>@napi-rs/cross-toolchain-*</c>), with Debian's static busybox
/// for a shell. Only the sysroot's shared libraries, loader and iconv modules go into the image: it has that
/// system's libc, and nothing else of that system.
/// </summary>
internal sealed partial class SysrootRecipe : IRootfsRecipe
{
    public const string KindName = "sysroot";

    // Where the sysroot keeps what programs load at run time; headers, static archives and crt objects stay out.
    private const string LibraryDirectory = "lib";
    private const string IconvDirectory = "usr/lib/gconv";
    private const string LibcLink = "lib/libc.so.6";
    private const string LibstdcxxLink = "lib/libstdc++.so.6";

    public SysrootRecipe(IReadOnlyDictionary<Platform, SysrootSource> sources, string libstdcxxVersion)
    {
        Sources = sources;
        LibstdcxxVersion = libstdcxxVersion;
        Busybox = new DebianPackages([BusyboxUserland.Package], Suite: null);
    }

    /// <summary>Where each platform's sysroot comes from.</summary>
    public IReadOnlyDictionary<Platform, SysrootSource> Sources { get; }

    /// <summary>The libstdc++ the sysroot must hold, as its file names it: <c>6.0.19</c> for libstdc++.so.6.0.19.</summary>
    public string LibstdcxxVersion { get; }

    private DebianPackages Busybox { get; }

    public string Kind => KindName;

    public LibcKind ProvidedLibc => LibcKind.Glibc;

    public IReadOnlyList<KeyValuePair<string, string>> Fingerprint =>
    [
        .. Sources.OrderBy(s => s.Key.Name, StringComparer.Ordinal)
            .Select(s => new KeyValuePair<string, string>($"sysroot {s.Key.Name}", s.Value.ToString())),
        new("libstdc++", LibstdcxxVersion),
        new("packages", BusyboxUserland.Package),
        BusyboxUserland.Fingerprint,
    ];

    internal static IReadOnlyList<string> CatalogKeys { get; } = ["sysroots", "libstdcxx"];

    internal static SysrootRecipe FromCatalog(CatalogNode entry)
    {
        var sysroots = entry.Child("sysroots");
        var sources = new Dictionary<Platform, SysrootSource>();
        foreach (var (key, node) in sysroots.Entries())
        {
            var platform = KnownPlatforms.Find(key)
                           ?? throw node.Error($"unknown platform '{key}'; expected one of {string.Join(", ", KnownPlatforms.All.Select(p => p.Name))}");
            sources[platform] = SysrootSource.FromCatalog(node);
        }

        var lacking = entry.Child("platforms").TextItems().Where(name => KnownPlatforms.Find(name) is { } p && !sources.ContainsKey(p)).ToList();
        if (lacking.Count > 0)
        {
            throw sysroots.Error($"no sysroot for {string.Join(", ", lacking)}, which the image is built for");
        }

        var libstdcxx = entry.Child("libstdcxx");
        var version = libstdcxx.Text();
        return LibstdcxxVersionPattern().IsMatch(version)
            ? new SysrootRecipe(sources, version)
            : throw libstdcxx.Error($"'{version}' is not a libstdc++ library version such as 6.0.19 (the N.N.N of libstdc++.so.N.N.N)");
    }

    public void CheckHost(BuildHost host, Platform platform)
    {
        ArgumentNullException.ThrowIfNull(host);
        HostTool.Npm.Require();
        HostTool.Tar.Require();
        HostTool.Xz.Require();
        Busybox.CheckHost(host);

        // The applet list comes from running the target's busybox.
        host.RequireRunnable(platform);
    }

    public async Task BuildAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rootfs = context.Rootfs;
        var sysroot = await Sources[context.Platform].UnpackAsync(context.ScratchDirectory, cancellationToken).ConfigureAwait(false);

        var libc = VersionOf(sysroot, LibcLink, LibcFile());
        context.Image.Libc.VerifyUpstream($"the sysroot's {LibcLink} is libc-{libc}.so", libc);
        var libstdcxx = VersionOf(sysroot, LibstdcxxLink, LibstdcxxFile());
        if (libstdcxx != LibstdcxxVersion)
        {
            throw new DeployMatrixException(
                $"the catalog declares libstdc++ {LibstdcxxVersion} but the sysroot's {LibstdcxxLink} is libstdc++.so.{libstdcxx}; " +
                "correct libstdcxx in the catalog");
        }

        CopyRuntime(sysroot, rootfs);
        await Busybox.UnpackAsync(context, cancellationToken).ConfigureAwait(false);
        DebianPackages.LinkMergedUsr(rootfs);
        RootfsTree.Delete(rootfs, "usr/share");
        await BusyboxUserland.InstallAsync(rootfs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The version a library's soname link points at: <c>lib/libc.so.6</c> → <c>libc-2.17.so</c> gives 2.17, as
    /// ldconfig and the package managers of that system name it.
    /// </summary>
    private static string VersionOf(string sysroot, string link, Regex file)
    {
        var target = new FileInfo(Path.Combine(sysroot, link)).LinkTarget;
        var match = target is null ? null : file.Match(Path.GetFileName(target));
        return match is { Success: true }
            ? match.Groups["version"].Value
            : throw new DeployMatrixException(
                $"the sysroot has no {link} linking to a versioned library (found {target ?? "no link"}): it is not the runtime the catalog names");
    }

    /// <summary>
    /// The sysroot's <c>lib/</c> shared objects and links, its top-level links (<c>lib64 → lib</c>, where the
    /// loader of x86_64 is looked for) and the iconv modules.
    /// </summary>
    private static void CopyRuntime(string sysroot, string rootfs)
    {
        CopyDirectory(sysroot, rootfs, LibraryDirectory, name => name.Contains(".so", StringComparison.Ordinal) && !name.EndsWith(".py", StringComparison.Ordinal));
        CopyDirectory(sysroot, rootfs, IconvDirectory, _ => true);
        foreach (var directory in new[] { ".", "usr" })
        {
            foreach (var entry in new DirectoryInfo(Path.Combine(sysroot, directory)).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is { } target)
                {
                    RootfsTree.Link(rootfs, Path.Combine(directory, entry.Name), target);
                }
            }
        }
    }

    private static void CopyDirectory(string sysroot, string rootfs, string directory, Func<string, bool> include)
    {
        var source = Path.Combine(sysroot, directory);
        if (!Directory.Exists(source))
        {
            return;
        }

        var destination = Path.Combine(rootfs, directory);
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos().Where(e => include(e.Name)))
        {
            if (entry.LinkTarget is { } target)
            {
                RootfsTree.Link(rootfs, Path.Combine(directory, entry.Name), target);
            }
            else if (entry is FileInfo file)
            {
                // File.Copy keeps the mode on Unix: the libraries stay executable, as ld.so's own must be.
                file.CopyTo(Path.Combine(destination, file.Name));
            }
        }
    }

    [GeneratedRegex(@"^libc-(?<version>\d+\.\d+)\.so$")]
    private static partial Regex LibcFile();

    [GeneratedRegex(@"^libstdc\+\+\.so\.(?<version>\d+\.\d+\.\d+)$")]
    private static partial Regex LibstdcxxFile();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex LibstdcxxVersionPattern();
}
