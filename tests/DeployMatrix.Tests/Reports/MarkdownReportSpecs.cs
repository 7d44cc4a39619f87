using System.Text.RegularExpressions;
using DeployMatrix.Reports;
using DeployMatrix.Snapshots;
using DeployMatrix.Tests.Matrix;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// report.md: per binary a table with a row per target and a column per platform, for a job summary or a pull
/// request; what the run printed cannot break the table or add markup.
/// </summary>
public sealed partial class MarkdownReportSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task Each_binary_has_a_table_with_a_row_per_target_and_a_column_per_platform()
    {
        var markdown = MarkdownReport.Render(await DefaultMatrixReport.BuildAsync(harness));

        foreach (var binary in RepositoryMatrices.Default.Cells().GroupBy(c => (Binary: c.Binary.Name, Case: c.Case.Name)))
        {
            var title = binary.Key.Case == "default" ? binary.Key.Binary : $"{binary.Key.Binary} ({binary.Key.Case})";
            var rows = TableAfter(markdown, $"### {title}");
            var platforms = binary.Select(c => c.Platform.Name).Distinct().ToList();
            var targets = binary.Select(c => c.Target.Name).Distinct().ToList();

            Assert.Equal(["target", .. platforms], rows[0]);
            Assert.Equal(targets.Count + 2, rows.Count);
            Assert.Equal(targets, rows.Skip(2).Select(r => r[0].Split(' ')[0]));
            Assert.All(rows, row => Assert.Equal(platforms.Count + 1, row.Count));
        }
    }

    [Fact]
    public async Task A_cell_shows_a_mark_and_its_short_verdict()
    {
        var markdown = MarkdownReport.Render(DefaultMatrixReport.Passing(await DefaultMatrixReport.BuildAsync(harness)));

        var hello = TableAfter(markdown, "### hello");
        Assert.Equal(@"❌ missing symbol version GLIBC\_2.34 (in libc.so.6)", hello[2][1]);
        Assert.Equal("✅ ran, exit 0", hello[3][1]);
        var amd64Static = TableAfter(markdown, "### hello-static-amd64");
        Assert.Equal("⚠️ wrong architecture: built for linux/amd64", amd64Static[2][2]);
    }

    [Fact]
    public async Task A_target_that_stands_in_for_a_system_says_so_and_the_others_name_their_libc()
    {
        var markdown = MarkdownReport.Render(await DefaultMatrixReport.BuildAsync(harness));

        var targets = TableAfter(markdown, "### hello-glibc217").Skip(2).Select(row => row[0]).ToList();
        Assert.Contains("glibc-2.17 (glibc 2.17 as on CentOS 7 / RHEL 7 (manylinux2014); not that system)", targets);
        Assert.Contains("debian-11 (glibc 2.31)", targets);
        Assert.Contains("musl-1.2.5 (musl 1.2.5)", targets);
    }

    [Fact]
    public async Task A_changed_snapshot_is_marked_in_its_cell()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        var changed = report with { Cells = [report.Cells[0] with { Snapshot = SnapshotState.Changed, SnapshotDiff = "- a\n+ b\n" }, .. report.Cells.Skip(1)] };

        var markdown = MarkdownReport.Render(changed);

        Assert.EndsWith("· 🔄 **snapshot changed**", TableAfter(markdown, "### hello")[2][1], StringComparison.Ordinal);
        Assert.Contains("```diff\n- a\n+ b\n```", markdown, StringComparison.Ordinal);
        Assert.Contains("**❗ ", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_that_do_not_run_are_explained_in_folded_details()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);

        var markdown = MarkdownReport.Render(report);

        var explained = DetailsSummary().Matches(markdown).Select(m => m.Groups["cell"].Value).ToList();
        Assert.Equal(report.Cells.Where(c => c.Verdict.Kind != VerdictKind.Ran || !c.Passed).Select(c => c.Name), explained);
        Assert.Contains("- **remedy:** build against glibc 2.31 or older", markdown, StringComparison.Ordinal);
        Assert.Contains("- **runs on:** debian-12, debian-13 (oldest: debian-12, glibc 2.36)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipes_and_markup_in_verdicts_and_output_stay_inside_their_cell_as_text()
    {
        var report = HostileCells.Into(await DefaultMatrixReport.BuildAsync(harness));

        var markdown = MarkdownReport.Render(report);

        var cell = TableAfter(markdown, "### hello")[2][1];
        Assert.StartsWith(@"❌ missing library lib\|evil.so &lt;/pre&gt;&lt;/details&gt;&lt;script&gt;", cell, StringComparison.Ordinal);
        var outsideCode = FencedBlock().Replace(markdown, "");
        Assert.DoesNotContain("<script", outsideCode, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", outsideCode, StringComparison.Ordinal);
        Assert.Contains(@"- **remedy:** a \| b &lt;/pre&gt;", markdown, StringComparison.Ordinal);

        // The output holds ``` itself, so its fence is longer and the output cannot close it.
        Assert.Contains("\n````text\nnul:", markdown, StringComparison.Ordinal);
    }

    /// <summary>The rows of the first table after <paramref name="heading"/>, each split into its cells at unescaped pipes.</summary>
    private static List<List<string>> TableAfter(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No heading '{heading}' in:\n{markdown}");
        return
        [
            .. markdown[(start + heading.Length + 1)..].Split('\n')
                .SkipWhile(line => line.Length == 0)
                .TakeWhile(line => line.StartsWith('|'))
                .Select(line => UnescapedPipe().Split(line.Trim()[1..^1]).Select(cell => cell.Trim()).ToList()),
        ];
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();

    [GeneratedRegex(@"^(?<fence>`{3,})\w*\n.*?^\k<fence>$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"<details><summary>\S+ (?<cell>[^:<]+): ")]
    private static partial Regex DetailsSummary();
}
