using DeployMatrix.Containers;
using DeployMatrix.Matrix;
using DeployMatrix.Pipeline;
using DeployMatrix.Platforms;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Cli;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Running;

/// <summary>
/// A target that is a root file system directory (<c>rootfs:</c>) runs its binaries through that root's own loader,
/// with no container, and gives the snapshots of the image the root was exported from. The default matrix's cells
/// run on the roots <c>./dm setup</c> exports into fixtures/roots/ (glibc 2.31, 2.36-based distroless, 2.17, musl,
/// an empty root; amd64, i386 and arm64), each target under the image target's own name, and are set beside the
/// same cells in containers: only the target's line (a directory, not an image) and the line of where the build runs
/// (the twin matrix has fewer targets) may differ, but for the cells of <see cref="Explained"/>, each for its reason.
/// </summary>
public sealed class RootTargetSpecs(ContainerHarness harness)
{
    private static readonly string[] Architectures = ["amd64", "i386", "arm64"];

    /// <summary>The targets ./dm setup exports a root of, each for at least these platforms.</summary>
    private static readonly string[] ExportedTargets = ["debian-11", "glibc-2.17", "musl", "scratch", "distroless-base"];

    /// <summary>What a static program loads by itself is not the root's: no loader stands between it and this host.</summary>
    private const string StaticLoadsFromHost =
        "static glibc: its NSS modules and iconv's gconv modules are loaded from this host's directories, and /etc/hosts is this host's";

    /// <summary>Only where this host runs arm64 through qemu-user; on an arm64 machine these cells must match.</summary>
    private const string OldAarch64LoaderUnderQemu =
        "glibc 2.17's aarch64 loader, started as a program under qemu-user, crashes before the program runs (without the audit module too)";

    /// <summary>The cells whose snapshots differ, each with why: what a root target does not give (README, "Root file system targets").</summary>
    private static readonly Dictionary<string, string> Explained = new(StringComparer.Ordinal)
    {
        ["static-cxx/default @ debian-11/linux-amd64"] = StaticLoadsFromHost + " (in the image, Debian 11's NSS modules abort it)",
        ["static-cxx/default @ glibc-2.17/linux-amd64"] = StaticLoadsFromHost,
        ["static-cxx/default @ musl/linux-amd64"] = StaticLoadsFromHost,
        ["static-cxx/default @ scratch/linux-amd64"] = StaticLoadsFromHost,
        ["static-cxx/default @ distroless-base/linux-amd64"] = StaticLoadsFromHost,
        ["hello-glibc217/default @ glibc-2.17/linux-arm64"] = OldAarch64LoaderUnderQemu,
        ["cxx-glibc217/default @ glibc-2.17/linux-arm64"] = OldAarch64LoaderUnderQemu,
    };

    [Fact]
    public async Task Roots_exported_from_images_give_the_images_snapshots()
    {
        var images = harness.Matrix;
        var twin = RootTwin(images.Matrix);
        await using var roots = new MatrixRun(harness.Session, twin);
        var results = await roots.AllAsync();

        var ran = results.Where(result => result.Run is not null).ToList();
        Assert.True(ran.Count >= 40, $"only {ran.Count} cells ran on the exported roots: run ./dm setup, which exports them into fixtures/roots/");
        Assert.All(ran, result => Assert.Equal(ContainerRuntime.Loader, result.Run!.Runtime));
        var differing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var inContainer = CellSnapshot.Render(await images.ResultAsync(result.Cell.Name), images.Matrix.Directory);
            var inRoot = CellSnapshot.Render(result, twin.Directory);
            if (Comparable(inContainer) != Comparable(inRoot))
            {
                differing[result.Cell.Name] = $"{result.Cell.Name} (container -, root +):\n{LineDiff.Format(inContainer, inRoot)}";
            }
        }

        var arm64Emulated = harness.Session.Host.For(KnownPlatforms.Arm64).Mode == ExecutionMode.Emulated;
        var explained = Explained.Where(e => e.Value != OldAarch64LoaderUnderQemu || arm64Emulated).Select(e => e.Key).ToList();
        var unexplained = differing.Keys.Except(explained).ToList();
        Assert.True(unexplained.Count == 0, string.Join('\n', unexplained.Select(cell => differing[cell])));
        var gone = explained.Intersect(results.Select(r => r.Cell.Name)).Except(differing.Keys).ToList();
        Assert.True(gone.Count == 0, $"These cells no longer differ; take them out of {nameof(Explained)}: {string.Join(", ", gone)}");
    }

    [Fact]
    public async Task A_matrix_of_roots_runs_with_no_engine_and_not_as_root()
    {
        // In the checkout, which nobody can read as it reads the command and the fixtures (./dm test's TMPDIR is root's
        // alone); written by nobody: its snapshots, its caches.
        var directory = Directory.CreateDirectory(Path.Combine(harness.Assets.Root, ".deploymatrix", $"roots-spec-{Guid.NewGuid():N}")).FullName;
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        }

        try
        {
            var root = Path.Combine(harness.Assets.Root, "fixtures", "roots", "glibc-2.17-{arch}");
            File.WriteAllText(Path.Combine(directory, "matrix.yaml"), $"""
                snapshots: .
                binaries:
                  - name: hello
                    path: {harness.Assets.Fixture(KnownPlatforms.Amd64, "hello")}
                  - name: hello-glibc217
                    path: {harness.Assets.Fixture(KnownPlatforms.Amd64, "hello-glibc217")}
                targets:
                  - name: centos-7-root
                    rootfs: {root}
                    platforms: [linux/amd64]
                """);

            // Whoever runs the tests, the command runs as nobody (setpriv, as root) and finds no engine where it looks.
            var launcher = Environment.UserName == "root" ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : Array.Empty<string>();
            var result = await DeployMatrixCli.RunAsync(
                ["run", "--filter:targets=centos-7-root", "--reports", Path.Combine(directory, "reports")],
                directory,
                new Dictionary<string, string>
                {
                    ["DOCKER_HOST"] = $"unix://{directory}/no-engine.sock",
                    ["HOME"] = directory,
                    ["DOTNET_CLI_HOME"] = directory,
                    ["XDG_CACHE_HOME"] = directory,
                    ["TMPDIR"] = directory,
                },
                launcher: launcher);

            var output = result.StandardOutput + result.StandardError;
            Assert.Contains("hello/default @ centos-7-root/linux-amd64", output, StringComparison.Ordinal);
            Assert.Matches(@"hello/default @ centos-7-root/linux-amd64\s+missing symbol version GLIBC_2\.34 \(in libc\.so\.6\)", output);
            Assert.Matches(@"hello-glibc217/default @ centos-7-root/linux-amd64\s+ran, exit 0", output);
            Assert.DoesNotContain("Docker", output, StringComparison.Ordinal);
            // The report says what such a target does not give.
            Assert.Contains(
                $"| centos-7-root (glibc 2.17; {DeployMatrix.Containers.RootLoader.RootLoaderRunner.NotGiven}) |",
                File.ReadAllText(Path.Combine(directory, "reports", "report.md")),
                StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The matrix with each target that has exported roots replaced by those roots, under its own name.</summary>
    private MatrixDefinition RootTwin(MatrixDefinition matrix)
    {
        var targets = new List<TargetDefinition>();
        foreach (var name in ExportedTargets)
        {
            var target = matrix.Targets.Single(t => t.Name == name);
            var root = new TargetRoot($"fixtures/roots/{name}-{TargetDefinition.ArchitecturePlaceholder}", harness.Assets.Root);
            var platforms = target.Platforms.Where(p => Directory.Exists(root.DirectoryFor(p))).ToList();
            Assert.True(platforms.Count > 0, $"no root of {name} is exported in fixtures/roots/: run ./dm setup");
            targets.Add(target with { ImageTemplate = null, Platforms = platforms, Root = root });
        }

        Assert.Contains(targets, t => t.Platforms.Count == Architectures.Length);
        return matrix with { Targets = targets };
    }

    /// <summary>A snapshot without the lines that name the target's image or directory and the matrix's other targets.</summary>
    private static string Comparable(string snapshot) =>
        string.Join('\n', snapshot.Split('\n').Where(line => !line.StartsWith("target:", StringComparison.Ordinal) && !line.StartsWith("runs on:", StringComparison.Ordinal)));
}
