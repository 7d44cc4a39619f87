namespace DeployMatrix.Images;

/// <summary>
/// For a Debian system installed in a chroot of a platform this host emulates: this host's own dpkg-deb, dpkg-split,
/// tar and rm, first on the PATH of the target's dpkg, so that unpacking the packages (decompressing them above all,
/// four to five times slower under qemu) runs natively, while every maintainer script still runs under qemu with the
/// target's own dpkg, shell, perl and ldconfig. The tools only move bytes (an archive's data member, its control
/// files, temporary directories), so the system is the same file for file (NOTES.md: bullseye arm64, 7,253 entries);
/// a build took 75 s of CPU instead of 96.
/// <para>
/// The tools are copies, with their libraries and loader beside them: the target has none of this host's libraries,
/// so patchelf points each copy's loader and library path at <see cref="TargetDirectory"/>, where mmdebstrap's extract
/// hook binds them (read-only) and its customize hook removes them again, before anything of the system is read.
/// </para>
/// </summary>
internal sealed class NativeUnpack
{
    /// <summary>Where the target sees the tools: a directory of its own at the top, on no package's list.</summary>
    public const string TargetDirectory = "/.deploymatrix-native";

    /// <summary>Where the target sees the tools' libraries and loader.</summary>
    private const string TargetLibraries = TargetDirectory + "/lib";

    /// <summary>What the target's dpkg runs itself (dpkg-deb runs tar), rather than through a maintainer script.</summary>
    private static readonly HostTool[] Tools = [HostTool.DpkgDeb, HostTool.DpkgSplit, HostTool.Tar, HostTool.Rm];

    private readonly string _directory;

    /// <summary>The PATH the tools were found on, which mmdebstrap keeps behind them.</summary>
    private readonly string _path;

    private NativeUnpack(string directory, string path)
    {
        _directory = directory;
        _path = path;
    }

    /// <summary>Fails, saying what to install, unless this host has the tools and what copies them.</summary>
    public static void CheckHost()
    {
        foreach (var tool in Tools.Append(HostTool.Ldd).Append(HostTool.Patchelf))
        {
            tool.Require();
        }
    }

    /// <summary>mmdebstrap's options that bind the tools into the target for the install, and remove them after it.</summary>
    public IReadOnlyList<string> MmdebstrapOptions =>
    [
        $"--extract-hook=mkdir \"$1{TargetDirectory}\" && mount -o bind,ro {HostCommand.Quote(_directory)} \"$1{TargetDirectory}\"",
        $"--customize-hook=umount \"$1{TargetDirectory}\" && rmdir \"$1{TargetDirectory}\"",
    ];

    /// <summary>mmdebstrap's environment: the tools first on the PATH it hands to dpkg in the chroot (no such directory here).</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["PATH"] = $"{TargetDirectory}:{_path}",
    };

    /// <summary>Copies the tools, their libraries and their loader into <paramref name="directory"/> (new), patched to load from <see cref="TargetDirectory"/>.</summary>
    public static async Task<NativeUnpack> PrepareAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var programs = Tools.Select(tool => tool.Require()).ToArray();
        var libraries = Path.Combine(directory, "lib");
        Directory.CreateDirectory(libraries);
        foreach (var library in SharedObjects(await new HostCommand(HostTool.Ldd.Command, programs).RunAsync(cancellationToken).ConfigureAwait(false)))
        {
            File.Copy(library, Path.Combine(libraries, Path.GetFileName(library)), overwrite: true);
        }

        foreach (var program in programs)
        {
            var copy = Path.Combine(directory, Path.GetFileName(program));
            File.Copy(program, copy);
            var loader = (await new HostCommand(HostTool.Patchelf.Command, ["--print-interpreter", program]).RunAsync(cancellationToken).ConfigureAwait(false)).Trim();
            await new HostCommand(
                    HostTool.Patchelf.Command,
                    ["--set-interpreter", $"{TargetLibraries}/{Path.GetFileName(loader)}", "--force-rpath", "--set-rpath", TargetLibraries, copy])
                .RunAsync(cancellationToken).ConfigureAwait(false);
        }

        return new NativeUnpack(directory, System.Environment.GetEnvironmentVariable("PATH") ?? "");
    }

    /// <summary>
    /// The files ldd names: <c>libz.so.1 =&gt; /lib/x86_64-linux-gnu/libz.so.1 (0x…)</c>, and the loader as
    /// <c>/lib64/ld-linux-x86-64.so.2 (0x…)</c>; the kernel's vDSO has no file, and a line naming a program ends in a colon.
    /// </summary>
    private static IEnumerable<string> SharedObjects(string ldd) =>
        ldd.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" (0x", StringComparison.Ordinal))
            .Select(line => line.Contains(" => ", StringComparison.Ordinal) ? line[(line.IndexOf(" => ", StringComparison.Ordinal) + 4)..] : line)
            .Where(path => path.StartsWith('/'))
            .Select(path => path.Split(" (")[0])
            .Distinct(StringComparer.Ordinal);
}
