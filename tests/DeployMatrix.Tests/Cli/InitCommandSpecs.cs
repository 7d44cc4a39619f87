using System.Xml.Linq;
using DeployMatrix.Matrix;

namespace DeployMatrix.Tests.Cli;

/// <summary>
/// <c>deploymatrix init</c> writes a matrix that loads, for the binaries as built, on the catalog's images (or the
/// targets given), and with <c>--tests</c> a test project on the xunit package; it overwrites nothing unasked.
/// </summary>
public sealed class InitCommandSpecs : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("deploymatrix-init-");

    public InitCommandSpecs()
    {
        var build = Directory.CreateDirectory(Path.Combine(_directory.FullName, "build")).FullName;
        File.Copy(HarnessAssets.Locate().Fixture(DeployMatrix.Platforms.KnownPlatforms.Amd64, "hello"), Path.Combine(build, "app"));
        File.Copy(HarnessAssets.Locate().Fixture(DeployMatrix.Platforms.KnownPlatforms.Arm64, "hello-static"), Path.Combine(build, "app-arm64"));
        File.WriteAllText(Path.Combine(build, "notes.txt"), "not a binary\n");
    }

    [Fact]
    public async Task The_matrix_has_each_binary_on_its_own_platform_on_every_local_image()
    {
        var init = await InitAsync("build/app", "build/app-arm64");

        var matrix = MatrixReader.Load(_directory.FullName, []);
        Assert.Equal(0, init.ExitCode);
        Assert.Equal(["app", "app-arm64"], matrix.Binaries.Select(b => b.Name));
        Assert.Equal(["linux/amd64", "linux/arm64"], matrix.Binaries.SelectMany(b => b.Platforms).Select(p => p.Name));
        Assert.Equal(
            [
                "debian-11", "debian-12", "debian-13", "musl-1.2.3", "musl-1.2.5", "glibc-2.17",
                "distroless-static-debian12", "distroless-base-debian12", "distroless-cc-debian12", "scratch",
            ],
            matrix.Targets.Select(t => t.Name));
        Assert.Equal("deploymatrix/debian:12-arm64", matrix.Cells().Single(c => c.Name == "app-arm64/default @ debian-12/linux-arm64").Image);
        Assert.Equal(20, matrix.Cells().Count);
    }

    [Fact]
    public async Task Targets_given_replace_the_local_images()
    {
        await InitAsync("build/app", "--target", "ubuntu-24.04=ubuntu:24.04", "--target", "alpine=alpine:3.22");

        var matrix = MatrixReader.Load(_directory.FullName, []);
        Assert.Equal(["ubuntu-24.04 ubuntu:24.04", "alpine alpine:3.22"], matrix.Targets.Select(t => $"{t.Name} {t.ImageTemplate}"));
    }

    [Fact]
    public async Task With_tests_it_writes_a_test_project_on_the_xunit_package_that_keeps_the_snapshots()
    {
        var init = await InitAsync("build/app", "--tests", "tests/App.Deploy");

        var project = XDocument.Load(Path.Combine(_directory.FullName, "tests", "App.Deploy", "App.Deploy.csproj"));
        var specs = File.ReadAllText(Path.Combine(_directory.FullName, "tests", "App.Deploy", "MatrixSpecs.cs"));
        Assert.Equal(0, init.ExitCode);
        Assert.Contains(project.Descendants("PackageReference"), r => (string?)r.Attribute("Include") == "DeployMatrix.Xunit" && !string.IsNullOrEmpty((string?)r.Attribute("Version")));
        Assert.Contains("[assembly: AssemblyFixture(typeof(DeployMatrixFixture))]", specs, StringComparison.Ordinal);
        Assert.Contains("[MatrixCells(\"matrix.yaml\")]", specs, StringComparison.Ordinal);
        Assert.Contains("namespace App.Deploy;", specs, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_directory.FullName, "tests", "App.Deploy"), MatrixReader.Load(_directory.FullName, []).SnapshotDirectory);
        Assert.Contains("Microsoft.Testing.Platform", File.ReadAllText(Path.Combine(_directory.FullName, "global.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_matrix_is_kept_without_force()
    {
        await InitAsync("build/app");
        File.AppendAllText(Path.Combine(_directory.FullName, "matrix.yaml"), "# mine\n");

        var again = await InitAsync("build/app-arm64");
        var forced = await InitAsync("build/app-arm64", "--force");

        Assert.Equal((2, "matrix.yaml: exists; init writes nothing over it without --force\n"), (again.ExitCode, again.StandardError));
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(["app-arm64"], MatrixReader.Load(_directory.FullName, []).Binaries.Select(b => b.Name));
    }

    [Fact]
    public async Task A_file_that_is_not_a_binary_is_one_line_and_writes_nothing()
    {
        var init = await InitAsync("build/notes.txt");

        Assert.Equal(2, init.ExitCode);
        Assert.StartsWith($"{Path.Combine(_directory.FullName, "build", "notes.txt")}: not a readable ELF file", init.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory.FullName, "matrix.yaml")));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private Task<CliWrap.Buffered.BufferedCommandResult> InitAsync(params string[] arguments) =>
        DeployMatrixCli.RunAsync(["init", .. arguments], _directory.FullName);
}
