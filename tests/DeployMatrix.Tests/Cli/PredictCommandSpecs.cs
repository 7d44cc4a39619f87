using DeployMatrix.Matrix;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Cli;

/// <summary>
/// <c>deploymatrix predict --binary PATH</c> gives any ELF file's compatibility across the matrix's targets, from the
/// cached fingerprints, and with <c>--bundle</c> the directory shipped with it is taken into account.
/// </summary>
public sealed class PredictCommandSpecs(ContainerHarness harness)
{
    private static readonly string Bundle = HarnessAssets.Locate().Fixture(KnownPlatforms.Amd64, "greet-bundle");

    [Fact]
    public async Task A_binary_with_its_bundle_starts_where_its_glibc_is_new_enough()
    {
        await CacheFingerprintsAsync();

        var output = await PredictAsync("--binary", Path.Combine(Bundle, "bin", "greet"), "--bundle", Bundle);

        Assert.Contains("greet (linux/amd64) starts on: debian-12, debian-13, distroless-base, distroless-cc (oldest: debian-12, glibc 2.36)", output);
    }

    [Fact]
    public async Task The_same_binary_without_its_bundle_starts_nowhere()
    {
        await CacheFingerprintsAsync();

        var output = await PredictAsync("--binary", Path.Combine(Bundle, "bin", "greet"));

        Assert.Contains("greet (linux/amd64) starts on: none of the matrix's linux/amd64 targets", output);
    }

    [Fact]
    public async Task A_bundle_that_does_not_hold_the_binary_is_refused_by_name()
    {
        var hello = HarnessAssets.Locate().Fixture(KnownPlatforms.Amd64, "hello");

        var result = await DeployMatrixCli.RunAsync(["predict", "--binary", hello, "--bundle", Bundle]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"--binary {hello}: '{hello}' is not inside its bundle '{Bundle}'", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prediction_of_one_binary_gives_its_cells_and_its_compatibility_as_the_whole_matrix_does_and_nothing_of_the_others()
    {
        await CacheFingerprintsAsync();
        var directory = Directory.CreateTempSubdirectory("dm-predict-filtered-");
        try
        {
            var fixtures = HarnessAssets.Locate();
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "matrix.yaml"), $$"""
                snapshots: .
                binaries:
                  - name: hello
                    path: {{fixtures.Fixture(KnownPlatforms.Amd64, "hello")}}
                  - name: needs-libssl
                    path: {{fixtures.Fixture(KnownPlatforms.Amd64, "needs-libssl")}}
                targets:
                  - name: debian-11
                    image: deploymatrix/debian:11-{arch}
                    platforms: [linux/amd64]
                  - name: debian-12
                    image: deploymatrix/debian:12-{arch}
                    platforms: [linux/amd64]
                """, TestContext.Current.CancellationToken);

            var whole = Words(await PredictInAsync(directory.FullName));
            var one = Words(await PredictInAsync(directory.FullName, "--filter:binaries=hello"));

            Assert.Equal([.. whole.Where(line => line.StartsWith("hello", StringComparison.Ordinal))], one[..^1]);
            Assert.StartsWith("2 cells predicted in ", one[^1], StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<string> PredictAsync(params string[] arguments) => PredictInAsync(null, arguments);

    private static async Task<string> PredictInAsync(string? directory, params string[] arguments)
    {
        var result = await DeployMatrixCli.RunAsync(["predict", .. arguments], directory);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }

    /// <summary>The output's lines with their columns' padding collapsed: it depends on the longest name printed.</summary>
    private static string[] Words(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))];

    /// <summary>predict reads fingerprints from the cache only: take those of the default matrix's amd64 targets first.</summary>
    private async Task CacheFingerprintsAsync()
    {
        var matrix = MatrixReader.Load(HarnessAssets.Locate().Root, []);
        foreach (var target in matrix.Targets.Where(t => t.Platforms.Contains(KnownPlatforms.Amd64)))
        {
            await harness.Session.Fingerprints.GetAsync(target.ImageFor(KnownPlatforms.Amd64), KnownPlatforms.Amd64, TestContext.Current.CancellationToken);
        }
    }
}
