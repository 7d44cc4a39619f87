using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using DeployMatrix.Predictions;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Reports;

/// <summary>
/// The report as JUnit XML, for CI systems' test views: one testsuite per target, one testcase per cell. A testcase
/// fails when a reviewer must act (its snapshot is new or changed, or the run contradicts the prediction), never
/// for its verdict: a binary that cannot load on an old system is what the matrix is there to show. A cell whose run
/// was inconclusive under emulation is skipped. What the host did (emulation, the exit status of a program the kernel
/// did not start) is in each testcase's properties, as it is no part of the snapshot.
/// </summary>
internal static class JUnitReport
{
    public static string Render(MatrixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var timestamp = report.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        var root = new XElement(
            "testsuites",
            new XAttribute("name", $"DeployMatrix {report.Matrix.File}"),
            Counts(report.Cells),
            report.Cells.GroupBy(c => c.Target).Select(target => new XElement(
                "testsuite", new XAttribute("name", target.Key), Counts([.. target]), new XAttribute("timestamp", timestamp), target.Select(TestCase))));
        return new XDeclaration("1.0", "utf-8", null) + "\n" + root + "\n";
    }

    private static XAttribute[] Counts(IReadOnlyList<CellReport> cells) =>
    [
        new("tests", cells.Count),
        new("failures", cells.Count(c => !c.Passed)),
        new("errors", 0),
        new("skipped", cells.Count(c => c.Inconclusive)),
        new("time", Seconds(cells.Sum(c => c.DurationSeconds))),
    ];

    private static XElement TestCase(CellReport cell)
    {
        var testCase = new XElement(
            "testcase",
            new XAttribute("name", Clean(cell.Name)),
            new XAttribute("classname", Clean(cell.Binary)),
            new XAttribute("time", Seconds(cell.DurationSeconds)),
            new XElement("properties", Properties(cell).Select(p => new XElement("property", new XAttribute("name", p.Name), new XAttribute("value", Clean(p.Value))))));
        if (cell.Inconclusive)
        {
            testCase.Add(new XElement("skipped", new XAttribute("message", Clean($"{cell.Verdict.Text}: {cell.AgreementNote}"))));
        }
        else if (!cell.Passed)
        {
            var details = new[] { cell.SnapshotDiff, cell.Agreement == Agreement.Disagrees ? cell.AgreementNote : null };
            testCase.Add(new XElement(
                "failure",
                new XAttribute("message", Clean($"{string.Join("; ", cell.Problems)} (verdict: {cell.Verdict.Text})")),
                new XAttribute("type", cell.Snapshot == SnapshotState.Matches ? "prediction" : "snapshot"),
                Clean(string.Join("\n", details.OfType<string>()))));
        }

        testCase.Add(new XElement("system-out", Clean(cell.Stdout)), new XElement("system-err", Clean(cell.Stderr)));
        return testCase;
    }

    private static IEnumerable<(string Name, string Value)> Properties(CellReport cell)
    {
        yield return ("verdict", cell.Verdict.Text);
        yield return ("observed", cell.Observed);
        yield return ("emulated", cell.Emulated ? "true" : "false");
        yield return ("host-execution", cell.HostExecution);
        if (cell.ExitCode is { } exitCode)
        {
            yield return ("exit-code", exitCode.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// A program may print characters XML 1.0 cannot hold at all, not even escaped (NUL, most control characters,
    /// lone surrogates): each is written as <c>\xHH</c> (<c>\uHHHH</c>) instead.
    /// </summary>
    private static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                clean.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
            else
            {
                clean.Append(text[i] <= 0xFF ? $"\\x{(int)text[i]:X2}" : $"\\u{(int)text[i]:X4}");
            }
        }

        return clean.ToString();
    }
}
