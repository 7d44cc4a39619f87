namespace DeployMatrix.Images;

/// <summary>
/// Debian packages for one architecture, downloaded with apt and unpacked into a root file system without dpkg
/// (no maintainer scripts run). They come from this machine's apt sources, or, when a suite is named, from that
/// suite of the Debian mirror this machine uses, through an apt configuration of the build's own.
/// </summary>
/// <param name="Packages">Package names, without architecture.</param>
/// <param name="Suite">A Debian suite (<c>trixie</c>) and its aliases, or null for this machine's own sources.</param>
internal sealed record DebianPackages(IReadOnlyList<string> Packages, MirrorSuite? Suite)
{
    internal static IReadOnlyList<string> CatalogKeys { get; } = ["packages", .. MirrorSuite.CatalogKeys];

    /// <summary>What determines the files, as part of an image's recipe hash: the packages, then the suite if named.</summary>
    public IEnumerable<KeyValuePair<string, string>> Fingerprint =>
    [
        new("packages", string.Join(' ', Packages)),
        .. Suite is null ? [] : new[] { new KeyValuePair<string, string>("suite", Suite.Name) },
    ];

    /// <summary>The entry's <c>packages</c>, and its <c>suite</c> and <c>mirror-aliases</c> if given.</summary>
    internal static DebianPackages FromCatalog(CatalogNode entry) =>
        new(entry.Child("packages").TextItems(), MirrorSuite.FromCatalog(entry));

    /// <summary>Fails, saying what to install, unless this host can download and unpack the packages.</summary>
    public void CheckHost(BuildHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        HostTool.AptGet.Require();
        HostTool.DpkgDeb.Require();
        if (Suite is not null)
        {
            _ = host.DebianMirror;
        }
    }

    /// <summary>Downloads the packages and unpacks each into the root file system; returns them, in file name order.</summary>
    public async Task<IReadOnlyList<DebianPackageFile>> UnpackAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var debs = await DownloadAsync(context, cancellationToken).ConfigureAwait(false);
        foreach (var deb in debs)
        {
            await deb.ExtractAsync(context.Rootfs, cancellationToken).ConfigureAwait(false);
        }

        return debs;
    }

    /// <summary>Downloads the packages into <c>debs/</c> of the scratch directory and returns the files, in name order.</summary>
    private async Task<IReadOnlyList<DebianPackageFile>> DownloadAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(context.ScratchDirectory, "debs");
        Directory.CreateDirectory(directory);
        var architecture = context.Platform.DebianArchitecture;
        var options = Suite is null ? [] : await PrivateSourcesAsync(context, cancellationToken).ConfigureAwait(false);

        // The build directory is root's: apt's _apt user could not write there, and would only warn and fall back.
        // The target's architecture is made apt's own, so that a package of architecture all (tzdata) is a candidate
        // for tzdata:arm64 as the others are, not only for this host's architecture.
        var download = new HostCommand(
            "apt-get",
            [
                "download", "-o", "APT::Sandbox::User=root", "-o", $"APT::Architecture={architecture}", .. options,
                .. Packages.Select(p => $"{p}:{architecture}"),
            ])
        {
            WorkingDirectory = directory,
        };
        try
        {
            await download.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DeployMatrixException e) when (Suite is null)
        {
            var remedy = await DpkgKnowsAsync(architecture, cancellationToken).ConfigureAwait(false)
                ? $"If apt's package lists lack {architecture} packages: apt-get update."
                : $"dpkg does not know {architecture} packages: dpkg --add-architecture {architecture} && apt-get update.";
            throw new DeployMatrixException(e.Message + Environment.NewLine + remedy, e);
        }

        var files = new List<DebianPackageFile>();
        foreach (var deb in Directory.GetFiles(directory, "*.deb").Order(StringComparer.Ordinal))
        {
            files.Add(await DebianPackageFile.ReadAsync(deb, cancellationToken).ConfigureAwait(false));
        }

        return files;
    }

    /// <summary>
    /// Links <c>/bin</c>, <c>/sbin</c> and <c>/lib</c> to their <c>/usr</c> directories where packages of a
    /// merged-/usr release (Debian 13) put files only there, as such a system has them: the loader must be found at
    /// <c>/lib/ld-musl-x86_64.so.1</c> and busybox at <c>/bin/busybox</c>. A directory the packages made is kept.
    /// </summary>
    public static void LinkMergedUsr(string rootfs)
    {
        foreach (var directory in new[] { "bin", "sbin", "lib" })
        {
            if (Directory.Exists(Path.Combine(rootfs, "usr", directory)))
            {
                RootfsTree.Link(rootfs, directory, $"usr/{directory}");
            }
        }
    }

    /// <summary>
    /// Package lists of <see cref="Suite"/> for the one architecture, in the scratch directory, and the apt options
    /// that use them instead of this machine's sources. The archive keys are this machine's, so the suite's Release
    /// file is verified as apt-get update verifies the host's own. Lists an alias gives are used only if their
    /// Release file names the suite as its codename.
    /// </summary>
    private async Task<string[]> PrivateSourcesAsync(RootfsBuildContext context, CancellationToken cancellationToken)
    {
        var suite = Suite!;
        var apt = Path.Combine(context.ScratchDirectory, "apt");
        var lists = Path.Combine(apt, "lists");
        Directory.CreateDirectory(Path.Combine(apt, "cache", "archives", "partial"));
        var sources = Path.Combine(apt, "sources.list");
        string[] options =
        [
            "-o", $"Dir::Etc::SourceList={sources}",
            "-o", "Dir::Etc::SourceParts=/nonexistent",
            "-o", $"Dir::State::Lists={lists}",
            "-o", $"Dir::Cache={Path.Combine(apt, "cache")}",

            // Only the Packages index: translations and AppStream metadata would triple the download.
            "-o", "Acquire::Languages=none",
            "-o", "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false",
            "-o", "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false",
        ];

        var name = await suite.FirstWorkingNameAsync(
                async name =>
                {
                    Directory.CreateDirectory(Path.Combine(lists, "partial"));
                    await File.WriteAllTextAsync(
                            sources,
                            $"deb [arch={context.Platform.DebianArchitecture}] {context.Host.DebianMirror} {name} main\n",
                            cancellationToken)
                        .ConfigureAwait(false);
                    await new HostCommand("apt-get", ["update", "-o", "APT::Sandbox::User=root", .. options])
                        .RunAsync(cancellationToken).ConfigureAwait(false);
                },
                () => DirectoryRemover.RemoveAsync(lists),
                first => new DeployMatrixException(
                    $"{first.Message}{Environment.NewLine}The package lists of {suite.Name} ({context.Platform.DebianArchitecture}) could not be " +
                    $"fetched from {context.Host.DebianMirror}, the mirror this machine's apt uses" +
                    (suite.Aliases.Count == 0 ? "" : $" (nor those of the mirror aliases {string.Join(", ", suite.Aliases)})") + ".",
                    first),
                cancellationToken)
            .ConfigureAwait(false);

        var codename = ReleaseCodename(lists);
        return codename == suite.Name
            ? options
            : throw new DeployMatrixException(
                $"the mirror's {name} is {codename ?? "a release with no codename"}, not {suite.Name}: the mirror alias {name} in the catalog " +
                "no longer names this release; remove it.");
    }

    /// <summary>The <c>Codename:</c> of the Release file apt-get update verified and kept.</summary>
    private static string? ReleaseCodename(string lists) =>
        Directory.GetFiles(lists)
            .Where(f => f.EndsWith("_InRelease", StringComparison.Ordinal) || f.EndsWith("_Release", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .FirstOrDefault(line => line.StartsWith("Codename:", StringComparison.Ordinal))?["Codename:".Length..].Trim();

    private static async Task<bool> DpkgKnowsAsync(string architecture, CancellationToken cancellationToken)
    {
        var native = await new HostCommand("dpkg", ["--print-architecture"]).RunAsync(cancellationToken).ConfigureAwait(false);
        var foreign = await new HostCommand("dpkg", ["--print-foreign-architectures"]).RunAsync(cancellationToken).ConfigureAwait(false);
        return $"{native}\n{foreign}".Split('\n', StringSplitOptions.TrimEntries).Contains(architecture);
    }
}
