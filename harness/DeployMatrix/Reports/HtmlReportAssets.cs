namespace DeployMatrix.Reports;

/// <summary>The HTML report's style and script, inlined into the page so that it is one file that loads nothing.</summary>
internal static class HtmlReportAssets
{
    /// <summary>The style, with one colour set per verdict kind (background, text, edge) from its descriptor.</summary>
    public static string Style { get; } = Template.Replace(
        "{{verdict-colours}}", string.Join("\n        ", VerdictKindDescriptor.All.Select(d => d.CssRule)), StringComparison.Ordinal);

    private const string Template = """

        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, "DejaVu Sans", "Liberation Sans", sans-serif; color: var(--ink); background: var(--paper); }
        h1 { margin: 0 0 4px; font-size: 24px; }
        h1 .matrix { font-weight: 400; color: var(--muted); font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 20px; }
        h2 { font-size: 16px; margin: 0 0 8px; }
        .meta { margin: 0 0 12px; color: var(--muted); }
        .status { margin: 0 0 16px; padding: 10px 14px; border-radius: 6px; font-weight: 600; }
        .status.pass { background: #dafbe1; color: #116329; border: 1px solid #4ac26b; }
        .status.fail { background: #ffebe9; color: #a40e26; border: 1px solid #ff8182; }

        {{verdict-colours}}

        .legend { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 20px; }
        .legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 8px; }
        .legend li { padding: 3px 10px; border-radius: 999px; background: var(--bg, transparent); color: var(--fg, var(--ink)); border: 1px solid var(--edge, transparent); }
        .legend li.zero { opacity: .5; }
        .legend .count { font-weight: 700; margin-left: 4px; }
        .legend .mark { color: var(--edge); font-weight: 700; }
        .legend .flags { margin-top: 8px; }
        .legend .flags li { border: 0; padding: 3px 6px; color: var(--muted); }
        .hint { margin: 8px 0 0; color: var(--muted); font-size: 13px; }

        /* Twelve columns: a table of one or two platforms takes a third of the width, one of three or more a half. */
        .tables { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 16px; align-items: start; }
        .binary { grid-column: span 4; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 12px 12px; }
        .binary.wide { grid-column: span 6; }
        @media (max-width: 1100px) { .binary, .binary.wide { grid-column: span 12; } }
        table { border-collapse: separate; border-spacing: 4px; width: 100%; table-layout: fixed; }
        caption { text-align: left; font-weight: 700; font-size: 16px; padding: 8px 4px 4px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        thead th { font-size: 12px; font-weight: 600; color: var(--muted); text-align: left; padding: 2px 6px; }
        thead th:first-child { width: 104px; }
        tbody th { text-align: left; font-weight: 600; padding: 4px 6px; vertical-align: top; white-space: nowrap; }
        tbody th .libc { display: block; font-weight: 400; font-size: 12px; color: var(--muted); }
        td { padding: 0; vertical-align: top; border-radius: 6px; }
        td.none { color: #8c959f; text-align: center; vertical-align: middle; background: repeating-linear-gradient(135deg, #f6f8fa 0 6px, #eef1f4 6px 12px); }
        td.cell { background: var(--bg); color: var(--fg); box-shadow: inset 4px 0 0 var(--edge); }
        td.cell a { display: block; padding: 6px 8px 6px 12px; color: inherit; text-decoration: none; font-size: 12.5px; line-height: 1.35; overflow-wrap: anywhere; min-height: 100%; border-radius: 6px; }
        td.cell a:hover, td.cell a:focus-visible { outline: 2px solid var(--edge); outline-offset: -2px; }
        td.cell .mark, summary .mark { color: var(--edge); font-weight: 700; }
        td.cell[data-snapshot="changed"], td.cell[data-snapshot="new"], td.cell[data-agreement="disagrees"] { box-shadow: inset 4px 0 0 var(--edge), inset 0 0 0 2px #cf222e; }

        .badge { display: inline-block; font-size: 10.5px; font-weight: 700; line-height: 1; padding: 3px 5px; border-radius: 4px; vertical-align: 1px; text-transform: uppercase; letter-spacing: .02em; }
        .badge.changed { background: #cf222e; color: #fff; }
        .badge.new { background: #bf8700; color: #fff; }
        .badge.disagrees { background: #8250df; color: #fff; }
        .badge.not-compared { background: #6e7781; color: #fff; }
        .badge.emulated { background: transparent; color: var(--muted); border: 1px solid #afb8c1; font-weight: 600; }

        .all { margin-top: 28px; }
        details.detail { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--edge); border-radius: 6px; margin: 4px 0; }
        details.detail > summary { cursor: pointer; padding: 6px 10px; }
        details.detail .name { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; margin-right: 6px; }
        details.detail .verdict { color: var(--fg); }
        .detail-body { padding: 4px 16px 12px; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
        dt { font-weight: 600; color: var(--muted); }
        dd { margin: 0; }
        dd ul { margin: 0; padding-left: 18px; }
        .pill { display: inline-block; padding: 0 8px; border-radius: 999px; background: var(--bg); color: var(--fg); border: 1px solid var(--edge); font-size: 12px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        .agreement-disagrees, .snapshot-changed, .snapshot-new { color: #a40e26; font-weight: 600; }
        h3 { font-size: 13px; margin: 12px 0 4px; }
        h3 .note { font-weight: 400; color: var(--muted); }
        pre { margin: 0; padding: 8px 10px; background: #0d1117; color: #e6edf3; border-radius: 6px; font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 320px; overflow: auto; }
        pre.diff .add { color: #7ee787; }
        pre.diff .del { color: #ffa198; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }

        dialog { width: min(920px, 92vw); max-height: 88vh; padding: 0; border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 16px 48px rgba(0, 0, 0, .3); }
        dialog::backdrop { background: rgba(31, 35, 40, .45); }
        .dialog-head { position: sticky; top: 0; display: flex; align-items: center; gap: 12px; padding: 12px 16px; background: #fff; border-bottom: 1px solid var(--line); }
        .dialog-head h2 { margin: 0; flex: 1; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 15px; }
        .close { font-size: 22px; line-height: 1; border: 0; background: transparent; cursor: pointer; color: var(--muted); padding: 2px 8px; border-radius: 6px; }
        .close:hover, .close:focus-visible { background: var(--paper); color: var(--ink); }
        .dialog-body .detail-body { padding: 8px 16px 16px; }

        """;

    /// <summary>
    /// Opens a cell's details in a dialog; without script, a cell's link still leads to its details in the list.
    /// It copies nodes of the page, never parses text, so no output can become markup here.
    /// </summary>
    public const string Script = """

        (() => {
          const dialog = document.getElementById('cell-dialog');
          const title = document.getElementById('dialog-title');
          const body = dialog.querySelector('.dialog-body');
          const show = id => {
            const detail = document.getElementById(id);
            if (!(detail instanceof HTMLDetailsElement)) return false;
            title.textContent = detail.querySelector('.name').textContent;
            body.replaceChildren(detail.querySelector('.detail-body').cloneNode(true));
            if (!dialog.open) dialog.showModal();
            return true;
          };
          document.addEventListener('click', event => {
            const link = event.target.closest('a[href^="#cell-"]');
            if (link && show(link.hash.slice(1))) event.preventDefault();
          });
          dialog.querySelector('.close').addEventListener('click', () => dialog.close());
          dialog.addEventListener('click', event => { if (event.target === dialog) dialog.close(); });
          if (location.hash.startsWith('#cell-')) show(location.hash.slice(1));
        })();

        """;
}
