using System.Text.Json;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Cli;

/// <summary>
/// <c>deploymatrix inspect</c> tells what a binary needs to start, read from its ELF file: the fixtures' facts as
/// <c>readelf</c> shows them, as plain text when redirected and as JSON with <c>--json</c>.
/// </summary>
public sealed class InspectCommandSpecs
{
    private static readonly HarnessAssets Assets = HarnessAssets.Locate();

    [Fact]
    public async Task Hello_needs_the_amd64_loader_libc_and_GLIBC_2_34_for_libc_start_main()
    {
        var lines = await InspectAsync(KnownPlatforms.Amd64, "hello");

        Assert.Contains("machine:     X86_64 (linux/amd64)", lines);
        Assert.Contains("linkage:     dynamic", lines);
        Assert.Contains("interpreter: /lib64/ld-linux-x86-64.so.2", lines);
        Assert.Contains("needed:      libc.so.6", lines);
        Assert.Contains("    GLIBC_2.34: __libc_start_main", lines);
        Assert.Equal("needs glibc >= 2.34 (GLIBC_2.34: __libc_start_main)", lines[^1]);
    }

    [Fact]
    public async Task Versions_are_listed_by_number_within_their_family()
    {
        var lines = await InspectAsync(KnownPlatforms.Amd64, "cxx-modern");

        var versions = lines.Where(l => l.StartsWith("    GLIBCXX_", StringComparison.Ordinal)).Select(l => l.Trim().Split(':')[0]);
        Assert.Equal(["GLIBCXX_3.4", "GLIBCXX_3.4.11", "GLIBCXX_3.4.22", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30"], versions);
        Assert.StartsWith("needs glibc >= 2.34 (GLIBC_2.34: __libc_start_main), ", lines[^1], StringComparison.Ordinal);
        Assert.Contains("libstdc++ >= GLIBCXX_3.4.30 (", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_libssl_needs_libssl_and_libcrypto()
    {
        var lines = await InspectAsync(KnownPlatforms.Amd64, "needs-libssl");

        Assert.Contains("needed:      libssl.so.3, libcrypto.so.3, libc.so.6", lines);
        Assert.Contains("  libssl.so.3", lines);
        Assert.Contains("  libcrypto.so.3", lines);
    }

    [Theory]
    [InlineData("linux/amd64")]
    [InlineData("linux/386")]
    [InlineData("linux/arm64")]
    public async Task A_static_binary_has_no_interpreter_and_needs_nothing_from_the_system(string platform)
    {
        var lines = await InspectAsync(KnownPlatforms.Find(platform)!, "hello-static");

        Assert.Contains("linkage:     static", lines);
        Assert.Contains("interpreter: none", lines);
        Assert.Contains("needed:      none", lines);
        Assert.Equal("needs nothing from the system: statically linked", lines[^1]);
    }

    [Theory]
    [InlineData("linux/386", "X86", "/lib/ld-linux.so.2")]
    [InlineData("linux/arm64", "AArch64", "/lib/ld-linux-aarch64.so.1")]
    public async Task Json_has_the_same_facts(string platform, string machine, string interpreter)
    {
        var result = await DeployMatrixCli.RunAsync(["inspect", Assets.Fixture(KnownPlatforms.Find(platform)!, "hello"), "--json"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var facts = json.RootElement;
        Assert.Equal(machine, facts.GetProperty("machine").GetString());
        Assert.Equal(platform, facts.GetProperty("platform").GetString());
        Assert.Equal("dynamic", facts.GetProperty("linkage").GetString());
        Assert.Equal(interpreter, facts.GetProperty("interpreter").GetString());
        Assert.Equal(["libc.so.6"], facts.GetProperty("needed").EnumerateArray().Select(n => n.GetString()));
        var libc = Assert.Single(facts.GetProperty("versionRequirements").EnumerateArray());
        Assert.Equal("libc.so.6", libc.GetProperty("library").GetString());
        var newest = libc.GetProperty("versions").EnumerateArray().Last();
        Assert.Equal("GLIBC_2.34", newest.GetProperty("version").GetString());
        Assert.Equal(["__libc_start_main"], newest.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        var minimum = Assert.Single(facts.GetProperty("minimums").EnumerateArray());
        Assert.Equal(("glibc", "GLIBC_2.34"), (minimum.GetProperty("name").GetString(), minimum.GetProperty("version").GetString()));
        Assert.Equal("needs glibc >= 2.34 (GLIBC_2.34: __libc_start_main)", facts.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_ELF_fails_naming_the_file()
    {
        var notElf = Path.Combine(Assets.Root, "README.md");

        var result = await DeployMatrixCli.RunAsync(["inspect", notElf]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"{notElf}: not a readable ELF file: it does not start with the ELF magic bytes 7f 45 4c 46", result.StandardError.Trim());
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task A_truncated_binary_fails_naming_the_file()
    {
        var truncated = Path.Combine(Directory.CreateTempSubdirectory("deploymatrix-spec-").FullName, "hello");
        try
        {
            File.WriteAllBytes(truncated, File.ReadAllBytes(Assets.Fixture(KnownPlatforms.Amd64, "hello"))[..100]);

            var result = await DeployMatrixCli.RunAsync(["inspect", truncated]);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"{truncated}: not a readable ELF file: ", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(truncated)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_file_fails_naming_the_file()
    {
        var result = await DeployMatrixCli.RunAsync(["inspect", "no-such-binary"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("no-such-binary: cannot be read", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<string[]> InspectAsync(Platform platform, string fixture)
    {
        var result = await DeployMatrixCli.RunAsync(["inspect", Assets.Fixture(platform, fixture)]);
        Assert.True(result.ExitCode == 0, $"deploymatrix inspect exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput.TrimEnd('\n').Split('\n');
    }
}
