using CliWrap;
using CliWrap.Buffered;
using DeployMatrix.Images;

namespace DeployMatrix.Tests.Images;

/// <summary>
/// Where a Debian system is installed in a chroot of a platform this host emulates, the target's dpkg unpacks through
/// this host's own tools: copies that run in a root holding nothing of this host but themselves, which mmdebstrap's
/// extract hook binds into the target and its customize hook takes out again.
/// </summary>
public sealed class NativeUnpackSpecs : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dm-native-unpack-");

    [Fact]
    public async Task The_tools_unpack_a_package_in_a_target_without_this_hosts_libraries_and_the_target_is_left_as_it_was()
    {
        var token = TestContext.Current.CancellationToken;
        var unpack = await NativeUnpack.PrepareAsync(Path.Combine(_directory.FullName, "tools"), token);
        var target = Directory.CreateDirectory(Path.Combine(_directory.FullName, "target")).FullName;
        await BuildPackageAsync(Path.Combine(target, "p.deb"));

        await RunHookAsync(unpack.MmdebstrapOptions, "--extract-hook=", target);
        var files = await (InTarget(target, "dpkg-deb", "--fsys-tarfile", "/p.deb") | InTarget(target, "tar", "-tf", "-")).ExecuteBufferedAsync(token);
        await InTarget(target, "dpkg-deb", "--control", "/p.deb", "/control").ExecuteBufferedAsync(token);
        await RunHookAsync(unpack.MmdebstrapOptions, "--customize-hook=", target);

        Assert.Equal("./\n./usr/\n./usr/share/\n./usr/share/p/\n./usr/share/p/file\n", files.StandardOutput);
        Assert.Contains("Package: p", await File.ReadAllTextAsync(Path.Combine(target, "control", "control"), token), StringComparison.Ordinal);
        Assert.Equal(["control", "control/control", "p.deb"], Entries(target));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>A package of one file, compressed with xz as Debian's are.</summary>
    private async Task BuildPackageAsync(string deb)
    {
        var tree = Directory.CreateDirectory(Path.Combine(_directory.FullName, "package"));
        Directory.CreateDirectory(Path.Combine(tree.FullName, "DEBIAN"));
        Directory.CreateDirectory(Path.Combine(tree.FullName, "usr", "share", "p"));
        await File.WriteAllTextAsync(Path.Combine(tree.FullName, "DEBIAN", "control"), "Package: p\nVersion: 1\nArchitecture: all\nMaintainer: m <m@example.org>\nDescription: d\n");
        await File.WriteAllTextAsync(Path.Combine(tree.FullName, "usr", "share", "p", "file"), "contents\n");
        await CliWrap.Cli.Wrap("dpkg-deb").WithArguments(["--build", "-Zxz", "--root-owner-group", tree.FullName, deb]).ExecuteBufferedAsync();
    }

    /// <summary>Runs a hook as mmdebstrap does: its command through sh, with the target as <c>$1</c>.</summary>
    private static async Task RunHookAsync(IReadOnlyList<string> options, string hook, string target)
    {
        var command = options.Single(o => o.StartsWith(hook, StringComparison.Ordinal))[hook.Length..];
        await CliWrap.Cli.Wrap("sh").WithArguments(["-c", command, "sh", target]).ExecuteBufferedAsync();
    }

    /// <summary>A tool in the target's root, which has no library, no loader and no other program: only the tools' PATH.</summary>
    private static Command InTarget(string target, string tool, params string[] arguments) =>
        CliWrap.Cli.Wrap("chroot")
            .WithArguments([target, $"{NativeUnpack.TargetDirectory}/{tool}", .. arguments])
            .WithEnvironmentVariables(e => e.Set("PATH", NativeUnpack.TargetDirectory));

    private static string[] Entries(string root) =>
        [.. Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(root, e)).Order(StringComparer.Ordinal)];
}
