using System.Text.RegularExpressions;
using DeployMatrix.Tests.Matrix;
using DeployMatrix.Xunit;

namespace DeployMatrix.Tests.Examples;

/// <summary>
/// The stories under examples/stories/: each one's matrix runs in real containers and matches its committed snapshots,
/// and every output its README quotes (a code block after <c>&lt;!-- snapshot: FILE --&gt;</c>) is in that snapshot,
/// line for line: a README cannot drift from what the tool prints.
/// </summary>
public sealed partial class StoryExampleSpecs(ContainerHarness harness)
{
    public static TheoryData<string> Stories => new(Directory.GetDirectories(StoriesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    private static string StoriesDirectory => Path.Combine(HarnessAssets.Locate().Root, "examples", "stories");

    [Theory]
    [MemberData(nameof(Stories))]
    public async Task A_storys_cells_and_distribution_tables_match_their_snapshots(string story)
    {
        var run = harness.Story($"examples/stories/{story}/matrix.yaml");

        foreach (var cell in run.Matrix.Cells())
        {
            await run.AssertMatchesSnapshotAsync(cell.Name);
        }

        foreach (var build in run.Matrix.Builds())
        {
            run.AssertDistributionsMatchSnapshot(build.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Stories))]
    public void Every_output_a_storys_README_quotes_is_in_its_snapshot(string story)
    {
        var directory = Path.Combine(StoriesDirectory, story);
        var readme = File.ReadAllText(Path.Combine(directory, "README.md"));

        var quotes = Quote().Matches(readme);

        Assert.True(quotes.Count >= 2, $"{story}/README.md quotes {quotes.Count} snapshots: the failure and the fix, at least");
        foreach (Match quote in quotes)
        {
            var file = Path.Combine(directory, quote.Groups["file"].Value);
            Assert.True(File.Exists(file), $"{story}/README.md quotes {quote.Groups["file"].Value}, which is not there");
            var snapshot = File.ReadAllText(file).ReplaceLineEndings("\n");
            var quoted = quote.Groups["text"].Value.ReplaceLineEndings("\n");
            Assert.True(snapshot.Contains(quoted, StringComparison.Ordinal), $"{story}/README.md quotes lines that {quote.Groups["file"].Value} does not hold:\n{quoted}");
        }
    }

    [GeneratedRegex(@"<!-- snapshot: (?<file>\S+) -->\s*```text\n(?<text>.*?\n)```", RegexOptions.Singleline)]
    private static partial Regex Quote();
}
