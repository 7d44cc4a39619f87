using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeployMatrix.Predictions;
using DeployMatrix.Snapshots;

namespace DeployMatrix.Reports;

/// <summary>
/// The report as one self-contained HTML page: per binary a grid of targets by platforms, coloured by verdict kind,
/// every cell opening its details (verdict, prediction, explanation, snapshot, output). Everything the run produced
/// is untrusted and HTML-encoded; the page loads nothing, and its policy lets no other script run.
/// </summary>
internal static class HtmlReport
{
    /// <summary>The one script the page's policy allows, by hash: injected markup could not run one of its own.</summary>
    private static readonly string ScriptHash =
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(HtmlReportAssets.Script)));

    public static string Render(MatrixReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '{ScriptHash}'">
            <title>DeployMatrix: {H(report.Matrix.File)}</title>
            <style>{HtmlReportAssets.Style}</style>
            </head>
            <body>
            <header class="page">
            <h1>DeployMatrix <span class="matrix">{H(report.Matrix.File)}</span></h1>
            <p class="meta">{report.Cells.Count} cells · host {H(report.Host)} · {report.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC · matrix {H(report.Matrix.ShortId)}</p>
            <ul class="meta host-execution">{string.Concat(report.HostExecution.Select(line => $"<li>{H(line)}</li>"))}</ul>
            {Status(report)}
            </header>

            """);
        Legend(html, report);
        html.Append("<main class=\"tables\">\n");
        foreach (var table in CompatibilityTable.Of(report))
        {
            Table(html, table);
        }

        foreach (var build in report.Distributions)
        {
            Distributions(html, build);
        }

        html.Append("</main>\n<section class=\"all\" aria-labelledby=\"all-title\">\n<h2 id=\"all-title\">All cells</h2>\n");
        foreach (var cell in report.Cells)
        {
            Details(html, cell);
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </section>
            <dialog id="cell-dialog" aria-labelledby="dialog-title">
            <div class="dialog-head"><h2 id="dialog-title">Cell</h2><button type="button" class="close" aria-label="Close">×</button></div>
            <div class="dialog-body"></div>
            </dialog>
            <script>{HtmlReportAssets.Script}</script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static string Status(MatrixReport report) => report.Passed
        ? $"<p class=\"status pass\" role=\"status\">✔ {H(report.ReviewSummary())}</p>"
        : $"<p class=\"status fail\" role=\"status\">✖ {H(report.ReviewSummary())}</p>";

    private static void Legend(StringBuilder html, MatrixReport report)
    {
        var counts = report.Cells.CountBy(c => c.Verdict.Kind).ToDictionary();
        html.Append("<section class=\"legend\" aria-labelledby=\"legend-title\">\n<h2 id=\"legend-title\">Verdicts</h2>\n<ul>\n");
        foreach (var kind in Enum.GetValues<VerdictKind>())
        {
            var count = counts.GetValueOrDefault(kind);
            html.Append(CultureInfo.InvariantCulture,
                $"<li class=\"v-{kind.MachineName()}{(count == 0 ? " zero" : "")}\"><span class=\"mark\" aria-hidden=\"true\">{Mark(kind)}</span> {kind.Label()} <span class=\"count\">{count}</span></li>\n");
        }

        html.Append("""
            </ul>
            <ul class="flags">
            <li><span class="badge changed">changed</span> snapshot changed</li>
            <li><span class="badge new">new</span> no verified snapshot</li>
            <li><span class="badge disagrees">disagrees</span> the run contradicts the prediction</li>
            <li><span class="badge emulated">qemu</span> ran under emulation</li>
            </ul>
            <p class="hint">Select a cell for its explanation, output and snapshot.</p>
            </section>

            """);
    }

    /// <summary>A build's distribution table: one row per family, where it starts and where not.</summary>
    private static void Distributions(StringBuilder html, BuildDistributions build)
    {
        html.Append(CultureInfo.InvariantCulture, $"""
            <section class="binary distributions">
            <table>
            <caption>{H(build.Binary)} ({H(build.Platform)}) by distribution family</caption>
            <thead><tr><th scope="col">family</th><th scope="col">where it starts ({H(DeployMatrix.Distributions.DistributionTable.Provenance)})</th></tr></thead>
            <tbody>

            """);
        foreach (var row in build.Families)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{H(row.Family)}</th><td>{H(row.Summary)}</td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</tbody>\n</table>\n<p class=\"hint\">{H(string.Join("; ", build.Sources))}</p>\n</section>\n");
    }

    private static void Table(StringBuilder html, CompatibilityTable table)
    {
        html.Append(CultureInfo.InvariantCulture, $"""
            <section class="binary{(table.Platforms.Count > 2 ? " wide" : "")}">
            <table>
            <caption>{H(table.Title)}</caption>
            <thead><tr><th scope="col">target</th>
            """);
        foreach (var platform in table.Platforms)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{H(platform)}</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var target in table.Targets)
        {
            var first = table.Cells.First(c => c.Target == target);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><th scope=\"row\" title=\"{H(first.ImageEquivalent is { } equivalent ? $"{first.Image}: {equivalent}" : first.Image)}\">" +
                $"{H(target)}<span class=\"libc\">{H(first.Libc)}</span></th>");
            foreach (var platform in table.Platforms)
            {
                html.Append(table.At(target, platform) is { } cell
                    ? GridCell(cell)
                    : $"<td class=\"none\" title=\"{H(table.Title)} does not run on {H(target)}/{H(platform)} in this matrix\">—</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string GridCell(CellReport cell)
    {
        var kind = cell.Verdict.Kind.MachineName();
        var title = $"{cell.Name}: {cell.Verdict.Text}; snapshot {Name(cell.Snapshot)}, prediction {cell.AgreementText}";
        return $"<td class=\"cell v-{kind}\" data-cell=\"{H(cell.Name)}\" data-verdict=\"{kind}\" data-snapshot=\"{Name(cell.Snapshot)}\" " +
               $"data-agreement=\"{Name(cell.Agreement)}\"><a href=\"#cell-{cell.Index}\" title=\"{H(title)}\">" +
               $"<span class=\"mark\" aria-hidden=\"true\">{Mark(cell.Verdict.Kind)}</span> <span class=\"verdict\">{H(cell.Verdict.Summary)}</span>{Badges(cell)}</a></td>";
    }

    private static string Badges(CellReport cell)
    {
        var badges = new StringBuilder();
        if (cell.Snapshot != SnapshotState.Matches)
        {
            badges.Append(CultureInfo.InvariantCulture, $" <span class=\"badge {Name(cell.Snapshot)}\">{Name(cell.Snapshot)}</span>");
        }

        if (cell.Agreement == Agreement.Disagrees)
        {
            badges.Append(" <span class=\"badge disagrees\">disagrees</span>");
        }

        if (cell.Emulated)
        {
            badges.Append(" <span class=\"badge emulated\">qemu</span>");
        }

        return badges.ToString();
    }

    private static void Details(StringBuilder html, CellReport cell)
    {
        var kind = cell.Verdict.Kind.MachineName();
        html.Append(CultureInfo.InvariantCulture, $"""
            <details id="cell-{cell.Index}" class="detail v-{kind}">
            <summary><span class="mark" aria-hidden="true">{Mark(cell.Verdict.Kind)}</span> <span class="name">{H(cell.Name)}</span> <span class="verdict">{H(cell.Verdict.Text)}</span>{Badges(cell)}</summary>
            <div class="detail-body">
            <dl>
            <dt>Verdict</dt><dd><span class="pill v-{kind}">{kind}</span> {H(cell.Verdict.Text)}</dd>
            <dt>Observed</dt><dd>{H(cell.Observed)}</dd>
            <dt>Predicted</dt><dd>{H(cell.Predicted)}</dd>
            <dt>Agreement</dt><dd class="agreement-{Name(cell.Agreement)}">{H(cell.AgreementText)}</dd>
            <dt>Snapshot</dt><dd class="snapshot-{Name(cell.Snapshot)}">{SnapshotText(cell.Snapshot)}</dd>

            """);
        List("Why", cell.Why, html);
        html.Append(CultureInfo.InvariantCulture, $"<dt>Runs on</dt><dd>{H(cell.RunsOn)}</dd>\n");
        List("Remedies", cell.Remedies, html);
        html.Append(CultureInfo.InvariantCulture, $"""
            <dt>Image</dt><dd><code>{H(cell.Image)}</code> ({H(cell.ImageEquivalent ?? cell.Libc)})</dd>
            <dt>Binary</dt><dd><code>{H(cell.BinaryPath)}</code></dd>
            <dt>Exit code</dt><dd>{(cell.ExitCode is { } exit ? exit.ToString(CultureInfo.InvariantCulture) : cell.Ran ? "none: the container did not start" : "none: not run")}</dd>
            <dt>Duration</dt><dd>{cell.DurationSeconds:0.000} s</dd>
            <dt>Host</dt><dd>{H(cell.HostExecution)}</dd>
            <dt>Runtime</dt><dd>{H(cell.Runtime is null ? "none: not run" : cell.NotGiven is { } missing ? $"{cell.Runtime} ({missing})" : cell.Runtime)}</dd>
            </dl>

            """);
        if (cell.SnapshotDiff is not null)
        {
            html.Append("<h3>Snapshot diff</h3>\n<pre class=\"diff\">");
            foreach (var line in cell.SnapshotDiff.TrimEnd('\n').Split('\n'))
            {
                var change = line.StartsWith('+') ? "add" : line.StartsWith('-') ? "del" : "same";
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"{change}\">{H(line)}</span>\n");
            }

            html.Append("</pre>\n");
        }

        Output(html, "stdout", cell.Stdout, cell.StdoutTruncated);
        Output(html, "stderr", cell.Stderr, cell.StderrTruncated);
        html.Append("</div>\n</details>\n");
    }

    private static void List(string title, IReadOnlyList<string> items, StringBuilder html)
    {
        if (items.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<dt>{title}</dt><dd><ul>");
        foreach (var item in items)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{H(item)}</li>");
        }

        html.Append("</ul></dd>\n");
    }

    private static void Output(StringBuilder html, string name, string content, bool truncated)
    {
        var note = content.Length == 0 ? " <span class=\"note\">(empty)</span>" : truncated ? " <span class=\"note\">(cut at the output limit)</span>" : "";
        html.Append(CultureInfo.InvariantCulture, $"<h3>{name}{note}</h3>\n");
        if (content.Length > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<pre class=\"output\">{H(content)}</pre>\n");
        }
    }

    private static string SnapshotText(SnapshotState state) => state switch
    {
        SnapshotState.Matches => "matches the verified snapshot",
        SnapshotState.New => "new: no verified snapshot yet",
        SnapshotState.NotCompared => "not compared: the run was inconclusive, the verified snapshot is left as it was",
        _ => "changed: differs from the verified snapshot",
    };

    private static string Mark(VerdictKind kind) => VerdictKindDescriptor.Of(kind).TextMark;

    /// <summary>An enum as the JSON report names it: <c>matches</c>, <c>disagrees</c>.</summary>
    private static string Name(Enum value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
