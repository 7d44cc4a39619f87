using System.Text.RegularExpressions;
using DeployMatrix.Reports;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// report.html: one self-contained page, a grid per binary with every cell named and classified in its attributes,
/// and everything a run printed shown as text, never as markup.
/// </summary>
public sealed partial class HtmlReportSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task Every_cell_is_in_the_grid_with_its_verdict_kind()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);

        var html = HtmlReport.Render(report);

        Assert.Equal(report.Cells.Select(c => (c.Name, c.Verdict.Kind.MachineName())), RenderedCells.In(html));
        Assert.Contains(
            "data-cell=\"hello/default @ debian-11/linux-amd64\" data-verdict=\"missing-symbol-version\" data-snapshot=\"matches\" data-agreement=\"agrees\"",
            html,
            StringComparison.Ordinal);
        Assert.All(report.Cells, cell => Assert.Contains($"<details id=\"cell-{cell.Index}\"", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_grid_is_a_table_with_headers_and_a_legend_of_every_verdict_kind()
    {
        var html = HtmlReport.Render(await DefaultMatrixReport.BuildAsync(harness));

        Assert.Contains("<caption>hello</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">linux/arm64</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\" title=\"deploymatrix/debian:11-amd64\">debian-11<span class=\"libc\">glibc 2.31</span></th>", html, StringComparison.Ordinal);
        Assert.All(Enum.GetValues<VerdictKind>(), kind => Assert.Contains($"<li class=\"v-{kind.MachineName()}", html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_loads_nothing_and_runs_only_its_own_script()
    {
        var html = HtmlReport.Render(await DefaultMatrixReport.BuildAsync(harness));

        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.All(Href().Matches(html), link => Assert.StartsWith("#cell-", link.Groups[1].Value, StringComparison.Ordinal));
        Assert.Single(ScriptTag().Matches(html));
        Assert.Contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_snapshots_and_new_cells_are_marked()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        var marked = report with
        {
            Cells = [report.Cells[0] with { Snapshot = SnapshotState.Changed, SnapshotDiff = "- verdict:   ran, exit 0\n+ verdict:   missing library libssl.so.3\n" }, .. report.Cells.Skip(1)],
        };

        var html = HtmlReport.Render(marked);

        Assert.Contains("data-snapshot=\"changed\"", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge changed\">changed</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"del\">- verdict:   ran, exit 0</span>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"status fail\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_output_and_verdicts_are_shown_as_text()
    {
        var report = HostileCells.Into(await DefaultMatrixReport.BuildAsync(harness));

        var html = HtmlReport.Render(report);

        Assert.Single(ScriptTag().Matches(html));
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style>body", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</pre></details><script>", html, StringComparison.Ordinal);
        Assert.Contains(
            "&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;",
            html,
            StringComparison.Ordinal);
        Assert.Contains("title=\"hello/default @ debian-11/linux-amd64: missing library lib|&lt;/pre&gt;", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"<script\b")]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\shref=""([^""]*)""")]
    private static partial Regex Href();
}
