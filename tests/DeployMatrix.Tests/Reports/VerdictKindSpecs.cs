using DeployMatrix.Outcomes;
using DeployMatrix.Reports;

namespace DeployMatrix.Tests.Reports;

/// <summary>
/// Every kind of verdict has one descriptor (machine name, marks, colours) that every report and the command line
/// take it from: a new verdict type without one fails here, not in a report.
/// </summary>
public sealed class VerdictKindSpecs
{
    [Fact]
    public void Every_verdict_type_has_exactly_one_descriptor()
    {
        var verdicts = typeof(Verdict).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Verdict)) && !t.IsAbstract).ToList();

        Assert.NotEmpty(verdicts);
        Assert.All(verdicts, type => Assert.Single(VerdictKindDescriptor.All, d => d.VerdictType == type));
    }

    [Fact]
    public void Every_kind_has_exactly_one_descriptor_with_a_name_of_its_own()
    {
        Assert.All(Enum.GetValues<VerdictKind>(), kind => Assert.Single(VerdictKindDescriptor.All, d => d.Kind == kind));
        Assert.Equal(VerdictKindDescriptor.All.Count, VerdictKindDescriptor.All.Select(d => d.Kind.MachineName()).Distinct().Count());
    }

    [Fact]
    public void The_html_reports_colours_are_the_descriptors()
    {
        Assert.All(VerdictKindDescriptor.All, d => Assert.Contains(d.CssRule, HtmlReportAssets.Style, StringComparison.Ordinal));
        Assert.Contains(".v-missing-library { --bg: #ffe0dc; --fg: #82071e; --edge: #cf222e; }", HtmlReportAssets.Style, StringComparison.Ordinal);
    }
}
