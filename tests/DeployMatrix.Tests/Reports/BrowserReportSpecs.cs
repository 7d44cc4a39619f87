using System.Text.RegularExpressions;
using DeployMatrix.Reports;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// The HTML report as Chromium renders it: every cell of the matrix is there with its verdict, hostile output stays
/// text, and a screenshot of the page is kept beside these specs for review (Reports/screenshots/report.png).
/// Skipped where Debian's chromium is not installed.
/// </summary>
public sealed partial class BrowserReportSpecs(ContainerHarness harness)
{
    private const string SkipReason = $"{HeadlessChromium.Executable} is not installed (apt-get install chromium): the rendered report is not checked";

    [Fact]
    public async Task Chromium_renders_every_cell_with_its_verdict_and_a_screenshot_is_kept()
    {
        Assert.SkipUnless(HeadlessChromium.IsInstalled, SkipReason);
        var report = await DefaultMatrixReport.BuildAsync(harness);
        using var directory = new ReportDirectory();
        var page = ReportFormat.Html.Write(report, directory.Path);
        var cancellation = TestContext.Current.CancellationToken;

        var dom = await HeadlessChromium.DumpDomAsync(page, cancellation);
        var screenshot = directory.File("report.png");
        await HeadlessChromium.ScreenshotAsync(page, screenshot, 1400, 2000, cancellation);

        Assert.Equal(report.Cells.Select(c => (c.Name, c.Verdict.Kind.MachineName())), RenderedCells.In(dom));
        var png = await File.ReadAllBytesAsync(screenshot, cancellation);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var kept = Path.Combine(harness.Assets.Root, "tests", "DeployMatrix.Tests", "Reports", "screenshots", "report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        await File.WriteAllBytesAsync(kept, png, cancellation);
    }

    [Fact]
    public async Task Hostile_output_neither_runs_nor_adds_elements_in_the_browser()
    {
        Assert.SkipUnless(HeadlessChromium.IsInstalled, SkipReason);
        var report = HostileCells.Into(await DefaultMatrixReport.BuildAsync(harness));
        using var directory = new ReportDirectory();
        var page = ReportFormat.Html.Write(report, directory.Path);

        var dom = await HeadlessChromium.DumpDomAsync(page, TestContext.Current.CancellationToken);

        Assert.Contains($"<title>DeployMatrix: {report.Matrix.File}</title>", dom, StringComparison.Ordinal);
        Assert.Single(Element().Matches(dom), e => e.Groups[1].Value == "script");
        Assert.DoesNotContain(Element().Matches(dom), e => e.Groups[1].Value == "img");
        Assert.Single(Element().Matches(dom), e => e.Groups[1].Value == "style");
        Assert.Equal(report.Cells.Count, RenderedCells.In(dom).Count);
    }

    [GeneratedRegex(@"<(script|img|style)\b")]
    private static partial Regex Element();
}
