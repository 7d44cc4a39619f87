using System.Globalization;
using System.Xml.Linq;
using DeployMatrix.Predictions;
using DeployMatrix.Reports;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// junit.xml: one testcase per cell, grouped by target, failing only where a reviewer must act (a snapshot that is
/// new or changed, a contradicted prediction), never for a verdict.
/// </summary>
public sealed class JUnitReportSpecs(ContainerHarness harness)
{
    [Fact]
    public async Task Every_cell_is_one_testcase_named_after_it_in_the_suite_of_its_target()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);

        var xml = XDocument.Parse(JUnitReport.Render(report));

        var byTarget = report.Cells.GroupBy(c => c.Target).SelectMany(target => target).ToList();
        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(byTarget.Select(c => c.Name), cases.Select(c => (string?)c.Attribute("name")));
        Assert.Equal(byTarget.Select(c => c.Binary), cases.Select(c => (string?)c.Attribute("classname")));
        Assert.Equal(byTarget.Select(c => c.Target), cases.Select(c => (string?)c.Parent!.Attribute("name")));
        Assert.Equal(report.Cells.Count.ToString(CultureInfo.InvariantCulture), (string?)xml.Root!.Attribute("tests"));
        Assert.Equal(
            byTarget.Select(c => c.DurationSeconds.ToString("0.000", CultureInfo.InvariantCulture)),
            cases.Select(c => (string?)c.Attribute("time")));
        Assert.Equal(byTarget.Select(c => c.Stdout), cases.Select(c => c.Element("system-out")!.Value));
    }

    [Fact]
    public async Task Only_cells_that_need_review_fail_whatever_their_verdict()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        Assert.Contains(report.Cells, c => c.Verdict.Kind != VerdictKind.Ran && c.Passed);

        var xml = XDocument.Parse(JUnitReport.Render(report));

        var failing = xml.Descendants("testcase").Where(c => c.Element("failure") is not null).Select(c => (string?)c.Attribute("name"));
        Assert.Equal(report.Cells.Where(c => !c.Passed).Select(c => c.Name).Order(), failing.Order());
    }

    [Fact]
    public async Task A_changed_snapshot_fails_with_its_diff()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        var changed = report.Cells[1] with { Snapshot = SnapshotState.Changed, SnapshotDiff = "- verdict:   ran, exit 0\n+ verdict:   missing library libssl.so.3\n" };
        var passing = report.Cells.Where((_, i) => i != 1).Select(c => c with { Snapshot = SnapshotState.Matches, Agreement = Agreement.Agrees });

        var xml = XDocument.Parse(JUnitReport.Render(report with { Cells = [changed, .. passing] }));

        var failure = Assert.Single(xml.Descendants("failure"));
        Assert.Equal(changed.Name, (string?)failure.Parent!.Attribute("name"));
        Assert.Equal($"snapshot changed (verdict: {changed.Verdict.Text})", (string?)failure.Attribute("message"));
        Assert.Equal(changed.SnapshotDiff, failure.Value);
        Assert.Equal("1", (string?)xml.Root!.Attribute("failures"));
    }

    [Fact]
    public async Task A_new_cell_and_a_contradicted_prediction_fail()
    {
        var report = await DefaultMatrixReport.BuildAsync(harness);
        var passing = DefaultMatrixReport.Passing(report).Cells.ToList();
        passing[0] = passing[0] with { Snapshot = SnapshotState.New };
        passing[2] = passing[2] with { Agreement = Agreement.Disagrees, AgreementNote = "the image has libfoo.so.1 after all" };

        var xml = XDocument.Parse(JUnitReport.Render(report with { Cells = passing }));

        var failures = xml.Descendants("failure").ToList();
        Assert.Equal([passing[0].Name, passing[2].Name], failures.Select(f => (string?)f.Parent!.Attribute("name")));
        Assert.StartsWith("new cell: no verified snapshot yet", (string?)failures[0].Attribute("message"), StringComparison.Ordinal);
        Assert.StartsWith("prediction disagrees: predicted", (string?)failures[1].Attribute("message"), StringComparison.Ordinal);
        Assert.Equal("the image has libfoo.so.1 after all", failures[1].Value);
    }

    [Fact]
    public async Task An_inconclusive_cell_is_skipped_with_its_reason_and_every_testcase_carries_the_hosts_facts_as_properties()
    {
        var report = DefaultMatrixReport.Passing(await DefaultMatrixReport.BuildAsync(harness));
        var cells = report.Cells.ToList();
        cells[0] = cells[0] with
        {
            Verdict = ReportVerdict.Of(new DeployMatrix.Outcomes.Verdict.InconclusiveUnderEmulation(cells[0].Platform, new DeployMatrix.Outcomes.Verdict.TimedOut(TimeSpan.FromSeconds(30)))),
            Agreement = Agreement.Inconclusive,
            AgreementNote = "predicted to start; under qemu the run timed out",
            Snapshot = SnapshotState.NotCompared,
        };

        var xml = XDocument.Parse(JUnitReport.Render(report with { Cells = cells }));

        var skipped = Assert.Single(xml.Descendants("skipped"));
        Assert.Equal(cells[0].Name, (string?)skipped.Parent!.Attribute("name"));
        Assert.Equal("inconclusive under emulation: predicted to start; under qemu the run timed out", (string?)skipped.Attribute("message"));
        Assert.Equal("1", (string?)xml.Root!.Attribute("skipped"));
        Assert.Empty(xml.Descendants("failure"));
        var arm64 = xml.Descendants("testcase").Single(c => (string?)c.Attribute("name") == "hello/default @ debian-12/linux-arm64");
        var properties = arm64.Descendants("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        Assert.StartsWith("linux/arm64: ", properties["host-execution"], StringComparison.Ordinal);
        Assert.Equal(properties["host-execution"].Contains("emulated by", StringComparison.Ordinal) ? "true" : "false", properties["emulated"]);
    }

    [Fact]
    public async Task Output_XML_cannot_hold_is_written_visibly_and_the_file_stays_valid()
    {
        var report = HostileCells.Into(await DefaultMatrixReport.BuildAsync(harness));

        var xml = XDocument.Parse(JUnitReport.Render(report));

        var output = xml.Descendants("system-out").First().Value;
        Assert.Contains(@"nul:\x00 esc:\x1B[31m bell:\x07 ]]> | pipe", output, StringComparison.Ordinal);
        Assert.Contains(HostileCells.Markup, output, StringComparison.Ordinal);
    }
}
