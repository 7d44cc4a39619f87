using System.Net;
using System.Text.RegularExpressions;

namespace DeployMatrix.Tests.Reports;

/// <summary>The grid cells of an HTML report, as the page or a browser's DOM writes them: name to verdict kind.</summary>
internal static partial class RenderedCells
{
    public static List<(string Cell, string Verdict)> In(string html) =>
    [
        .. CellTag().Matches(html).Select(tag => (
            WebUtility.HtmlDecode(Attribute(tag.Value, "data-cell")),
            WebUtility.HtmlDecode(Attribute(tag.Value, "data-verdict")))),
    ];

    private static string Attribute(string tag, string name) =>
        Regex.Match(tag, $@"\s{name}=""([^""]*)""").Groups[1].Value;

    [GeneratedRegex(@"<td\b[^>]*\bdata-cell=""[^>]*>")]
    private static partial Regex CellTag();
}
