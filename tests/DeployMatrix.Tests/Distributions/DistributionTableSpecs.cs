using DeployMatrix.Distributions;
using DeployMatrix.Elf;
using DeployMatrix.Platforms;
using DeployMatrix.Tests.Cli;

namespace DeployMatrix.Tests.Distributions;

/// <summary>
/// Where a binary runs, by distribution family, predicted from its ELF file and recorded facts alone (no engine, no
/// container): the oldest release each family runs it on, the newest it does not and why, and what the records
/// cannot tell, never guessed.
/// </summary>
public sealed class DistributionTableSpecs
{
    private static readonly HarnessAssets Assets = HarnessAssets.Locate();

    [Fact]
    public void A_binary_built_on_Debian_12_needs_RHEL_9_for_GLIBC_2_34_and_each_family_says_so()
    {
        var table = TableOf("hello");

        Assert.Equal(
            "from 9 (glibc 2.34); not 8 (glibc 2.28): GLIBC_2.34 for __libc_start_main (it has up to GLIBC_2.28)",
            Row(table, "RHEL and rebuilds"));
        Assert.Equal(
            "from 12 (glibc 2.36); not 11 (glibc 2.31): GLIBC_2.34 for __libc_start_main (it has up to GLIBC_2.31)",
            Row(table, "Debian"));
        Assert.StartsWith("none of ", Row(table, "Alpine"), StringComparison.Ordinal);
        Assert.EndsWith("no /lib64/ld-linux-x86-64.so.2: a glibc program on musl", Row(table, "Alpine"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_the_records_do_not_list_is_unknown_never_guessed_missing()
    {
        var table = TableOf("needs-libpq");

        Assert.All(table.Families.Where(f => f.OldestStarting is not null), family => Assert.Contains("libpq.so.5", family.Unknown));
        Assert.EndsWith("; not recorded: libpq.so.5", Row(table, "Ubuntu"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_musl_program_calling_what_an_older_musl_lacks_is_refused_on_that_Alpine_with_musls_words()
    {
        var table = TableOf("needs-qsort-r");

        Assert.Equal("from 3.16 (musl 1.2.3); not 3.15 (musl 1.2.2): musl 1.2.2 lacks qsort_r (symbol not found)", Row(table, "Alpine"));
    }

    [Fact]
    public void A_static_binary_starts_on_every_recorded_release()
    {
        var table = TableOf("hello-static");

        Assert.All(table.Families, family => Assert.StartsWith($"all {family.Releases.Count} recorded, from ", family.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public void The_catalog_keeps_releases_past_their_end_of_life_and_names_each_facts_source_and_licence()
    {
        var catalog = DistributionCatalog.Recorded;

        Assert.Contains(catalog.For(KnownPlatforms.Amd64), r => r.Label == "CentOS 7" && r.Libc.Version == "2.17" && r.Source.Contains("centos-7.json", StringComparison.Ordinal));
        Assert.Contains(catalog.For(KnownPlatforms.Arm64), r => r.Label == "CentOS 7");
        Assert.Contains(catalog.For(KnownPlatforms.Amd64), r => r.Label == "Alpine 3.18" && r.Libc.Version == "1.2.4" && r.Source.Contains("docker-alpine", StringComparison.Ordinal));
        Assert.Contains(catalog.Sources, source => source.Contains("mayeut/pep600_compliance at 2d70275 (MIT, Copyright (c) 2020 Matthieu Darbois)", StringComparison.Ordinal));
        Assert.Equal(["libstdc++.so.6", "libgcc_s.so.1"], catalog.For(KnownPlatforms.Amd64).First(r => r.Label == "Alpine 3.20").Absent.Keys);
    }

    [Fact]
    public async Task Predict_of_a_binary_outside_any_matrix_prints_the_table_with_no_engine()
    {
        var directory = Directory.CreateTempSubdirectory("deploymatrix-spec-").FullName;
        try
        {
            var result = await DeployMatrixCli.RunAsync(
                ["predict", "--binary", Assets.Fixture(KnownPlatforms.Amd64, "hello")], directory,
                new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/deploymatrix-no-engine.sock" });

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("hello (linux/amd64) by distribution family, predicted from recorded symbol versions and libraries, not run:", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("RHEL and rebuilds:", result.StandardOutput, StringComparison.Ordinal);
            Assert.Equal("", result.StandardError);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static DistributionTable TableOf(string fixture)
    {
        var path = Assets.Fixture(KnownPlatforms.Amd64, fixture);
        return DistributionTable.Of(DistributionCatalog.Recorded, ElfFile.Read(path), KnownPlatforms.Amd64, $"/app/{fixture}");
    }

    private static string Row(DistributionTable table, string family) => table.Families.Single(f => f.Name == family).Summary;
}
