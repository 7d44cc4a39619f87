using System.Globalization;
using System.Net;
using System.Text;
using DeployMatrix.Predictions;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Reports;

/// <summary>
/// The report as GitHub-flavoured Markdown, for a job summary or a pull-request comment: per binary a table of
/// targets by platforms, each cell a mark and the short verdict, then what a reviewer needs for every cell that
/// does not run or needs review, folded away in <c>&lt;details&gt;</c>.
/// </summary>
internal static class MarkdownReport
{
    /// <summary>The loader's words for a failing cell are evidence; a long output is cut to its start.</summary>
    private const int OutputLines = 20;

    public static string Render(MatrixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"## DeployMatrix: {Inline(report.Matrix.File)}\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"{report.Cells.Count} cells on {Inline(report.Host)}, {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.\n\n");
        text.Append(Status(report)).Append("\n\n");
        text.Append(string.Concat(report.HostExecution.Select(line => $"- {Inline(line)}\n"))).Append('\n');
        text.Append(string.Join(" · ", report.Cells.CountBy(c => c.Verdict.Kind).OrderBy(k => k.Key)
            .Select(k => $"{Mark(k.Key)} {k.Key.Label()}: {k.Value}"))).Append("\n\n");
        foreach (var table in CompatibilityTable.Of(report))
        {
            Table(text, table);
        }

        foreach (var build in report.Distributions)
        {
            text.Append(CultureInfo.InvariantCulture, $"### {Inline(build.Binary)} ({Inline(build.Platform)}) by distribution family\n\n");
            text.Append(CultureInfo.InvariantCulture, $"_{Inline(Distributions.DistributionTable.Provenance)}; snapshot {build.Snapshot.ToString().ToLowerInvariant()}._\n\n");
            text.Append("| family | where it starts |\n| --- | --- |\n");
            foreach (var row in build.Families)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {Inline(row.Family)} | {Inline(row.Summary)} |\n");
            }

            text.Append('\n');
        }

        if (report.Distributions.Count > 0)
        {
            text.Append(string.Concat(report.Distributions[0].Sources.Select(source => $"- {Inline(source)}\n"))).Append('\n');
        }

        return text.ToString();
    }

    private static string Status(MatrixReport report) => $"**{(report.Passed ? "✅" : "❗")} {report.ReviewSummary()}**";

    private static void Table(StringBuilder text, CompatibilityTable table)
    {
        text.Append(CultureInfo.InvariantCulture, $"### {Inline(table.Title)}\n\n");
        text.Append("| target | ").AppendJoin(" | ", table.Platforms.Select(Inline)).Append(" |\n");
        text.Append("| --- |").Append(string.Concat(table.Platforms.Select(_ => " --- |"))).Append('\n');
        foreach (var target in table.Targets)
        {
            var first = table.Cells.First(c => c.Target == target);
            var libc = first.ImageEquivalent ?? first.Libc;
            var notGiven = first.NotGiven is { } missing ? $"; {missing}" : "";
            text.Append(CultureInfo.InvariantCulture, $"| {Inline(target)} ({Inline(libc)}{Inline(notGiven)}) | ");
            text.AppendJoin(" | ", table.Platforms.Select(platform => table.At(target, platform) is { } cell ? Cell(cell) : "—"));
            text.Append(" |\n");
        }

        text.Append('\n');
        foreach (var cell in table.Cells.Where(c => c.Verdict.Kind != VerdictKind.Ran || !c.Passed))
        {
            Details(text, cell);
        }
    }

    private static string Cell(CellReport cell)
    {
        var marks = cell.Snapshot switch
        {
            SnapshotState.Changed => " · 🔄 **snapshot changed**",
            SnapshotState.New => " · 🆕 **new**",
            _ => "",
        };
        if (cell.Agreement == Agreement.Disagrees)
        {
            marks += " · ❓ **prediction disagrees**";
        }

        return $"{Mark(cell.Verdict.Kind)} {Inline(cell.Verdict.Summary)}{marks}";
    }

    private static void Details(StringBuilder text, CellReport cell)
    {
        text.Append(CultureInfo.InvariantCulture,
            $"<details><summary>{Mark(cell.Verdict.Kind)} {Html(cell.Name)}: {Html(cell.Verdict.Text)}</summary>\n\n");
        foreach (var problem in cell.Problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"- ❗ **{Inline(problem)}**\n");
        }

        foreach (var reason in cell.Why)
        {
            text.Append(CultureInfo.InvariantCulture, $"- **why:** {Inline(reason)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"- **runs on:** {Inline(cell.RunsOn)}\n");
        foreach (var remedy in cell.Remedies)
        {
            text.Append(CultureInfo.InvariantCulture, $"- **remedy:** {Inline(remedy)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"- **predicted:** {Inline(cell.Predicted)} ({Inline(cell.AgreementText)})\n");
        if (cell.SnapshotDiff is not null)
        {
            Fenced(text, "snapshot diff", "diff", cell.SnapshotDiff);
        }

        if (cell.Stderr.Length > 0)
        {
            Fenced(text, "stderr", "text", cell.Stderr);
        }

        text.Append("\n</details>\n\n");
    }

    private static void Fenced(StringBuilder text, string title, string language, string content)
    {
        var lines = content.TrimEnd('\n').Split('\n');
        var shown = string.Join("\n", lines.Take(OutputLines));
        var cut = lines.Length > OutputLines ? $"\n… {lines.Length - OutputLines} more lines" : "";

        // A fence longer than any run of backticks in the content, which therefore cannot close it.
        var fence = new string('`', Math.Max(3, LongestRun(shown, '`') + 1));
        text.Append(CultureInfo.InvariantCulture, $"\n{title}:\n\n{fence}{language}\n{shown}{cut}\n{fence}\n");
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var x in text)
        {
            current = x == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    private static string Mark(VerdictKind kind) => VerdictKindDescriptor.Of(kind).EmojiMark;

    /// <summary>
    /// Text from the run (sonames, symbols, the program's output) as inline Markdown that stays inside its table
    /// cell and list item: no line breaks, no <c>|</c> that would split the cell, no markup and no HTML.
    /// </summary>
    private static string Inline(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '~' or '#' or '!' => escaped.Append('\\').Append(c),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>Text inside an HTML block (the summary line), where Markdown is not read but HTML is.</summary>
    private static string Html(string text) => WebUtility.HtmlEncode(text.ReplaceLineEndings(" "));
}
