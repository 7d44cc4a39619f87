using DeployMatrix.Matrix;
using DeployMatrix.Pipeline;
using DeployMatrix.Platforms;
using DeployMatrix.Tests.Matrix;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Containers;

/// <summary>
/// A run under <c>dotnet test</c> keeps its cells' durations when it ends, as the command line does, so that the
/// next run starts the longest first and a slow cell no longer ends the run alone.
/// </summary>
public sealed class CellOrderSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task The_second_run_starts_the_cell_that_took_longest_in_the_first()
    {
        var sleeps = HarnessAssets.Locate().Fixture(KnownPlatforms.Amd64, "sleeps");
        using var file = new MatrixFile($"""
            binaries:
              - name: quick
                path: bin/linux-amd64/hello
              - name: slow
                path: {sleeps}
                cases:
                  - name: default
                    timeout: 2s
            targets:
              - name: debian-12
                image: deploymatrix/debian:12-{"{arch}"}
                platforms: [linux/amd64]
            """);
        var matrix = MatrixReader.Load(file.Directory, []);

        IReadOnlyList<string> first, second;
        await using (var run = new MatrixRun(harness.Session, matrix))
        {
            first = await run.StartOrderAsync();
            await run.AllAsync();
        }

        await using (var run = new MatrixRun(harness.Session, matrix))
        {
            second = await run.StartOrderAsync();
            await run.AllAsync();
        }

        Assert.Equal(["quick/default @ debian-12/linux-amd64", "slow/default @ debian-12/linux-amd64"], first);
        Assert.Equal(["slow/default @ debian-12/linux-amd64", "quick/default @ debian-12/linux-amd64"], second);
    }
}
