using DeployMatrix.Reports;

namespace DeployMatrix.Tests.Reports;

/// <summary>Report entries whose program output and loader texts try to break out of the formats that show them.</summary>
internal static class HostileCells
{
    /// <summary>Markup that would run, load or restyle something if a report wrote it unescaped.</summary>
    public const string Markup =
        "</pre></details><script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\"><style>body{display:none}</style>";

    /// <summary>Characters XML 1.0 cannot hold, a CDATA end and table and fence delimiters.</summary>
    public const string Characters = "nul:\0 esc:\u001b[31m bell:\a ]]> | pipe ``` fence";

    /// <summary>The report with its first cell's output, verdict and explanation made hostile.</summary>
    public static MatrixReport Into(MatrixReport report)
    {
        var first = report.Cells[0] with
        {
            Verdict = new ReportVerdict(VerdictKind.MissingLibrary, $"missing library lib|{Markup}", $"missing library lib|evil.so {Markup}"),
            Stdout = Markup + "\n" + Characters + "\n",
            Stderr = Characters + "\n" + Markup,
            Why = [Markup],
            Remedies = ["a | b " + Markup],
        };
        return report with { Cells = [first, .. report.Cells.Skip(1)] };
    }
}
