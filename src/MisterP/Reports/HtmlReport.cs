using System.Text;
using System.Text.RegularExpressions;
using MisterP.Output;

namespace MisterP.Reports;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML file: CSS inline, images as base64 PNG data,
/// no scripts, fonts or links that leave the page — it opens the same offline, mailed or archived. Every text from
/// the document is HTML-escaped. Long tables fold into &lt;details&gt;, which needs no script.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>Tables longer than this start folded.</summary>
    public const int FoldRows = 12;

    private const string Css = """
        :root { --ink: #1d1d1f; --muted: #5f6368; --line: #dadce0; --model: #1f77b4; }
        * { box-sizing: border-box; }
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; font-size: 14px; line-height: 1.45; }
        header { background: #fff; border-bottom: 1px solid var(--line); padding: 18px 28px 10px; }
        header h1 { margin: 0 0 4px; font-size: 24px; }
        header p { margin: 0 0 10px; color: var(--muted); }
        nav a { margin-right: 14px; color: var(--model); text-decoration: none; font-weight: bold; }
        main { max-width: 1240px; margin: 0 auto; padding: 12px 20px 40px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 20px 14px; margin: 14px 0; }
        h2 { font-size: 19px; margin: 14px 0 10px; border-bottom: 2px solid var(--model); display: inline-block; padding-bottom: 2px; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0 12px; }
        dl.wide { grid-template-columns: repeat(3, max-content minmax(140px, 1fr)); }
        dt { color: var(--muted); }
        .columns { display: flex; flex-wrap: wrap; gap: 0 28px; align-items: flex-start; }
        dd { margin: 0; overflow-wrap: anywhere; }
        p.note, p.warning, p.good, ul.warning, ul.note, ul.good { border-left: 4px solid; padding: 6px 12px; border-radius: 3px; }
        .note { border-color: #1f77b4; background: #eef5fb; }
        .warning { border-color: #e08a00; background: #fff6e5; }
        .good { border-color: #2ca02c; background: #eef8ee; }
        ul.warning, ul.note, ul.good { padding-left: 30px; }
        ul li { margin: 3px 0; }
        table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }
        caption { text-align: left; font-weight: bold; padding: 4px 0; }
        th, td { border-bottom: 1px solid var(--line); padding: 3px 10px; text-align: left; vertical-align: top; }
        th { background: #f1f3f4; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafafa; }
        details { margin: 6px 0 12px; }
        summary { cursor: pointer; font-weight: bold; color: var(--model); }
        figure { margin: 10px 0 16px; }
        figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
        footer { color: var(--muted); text-align: center; font-size: 12px; padding: 10px; }
        """;

    public static void Write(string path, ReportDocument document) =>
        AtomicFile.WriteText(path, writer => writer.Write(Render(document)));

    public static string Render(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(OutputKind.HtmlMarker).Append('\n');
        html.Append("<title>").Append(Html.Escape(document.Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header>\n<h1>").Append(Html.Escape(document.Title)).Append("</h1>\n");
        html.Append("<p>").Append(Html.Escape(document.Subtitle)).Append("</p>\n<nav>");
        foreach (var section in document.Sections)
        {
            html.Append("<a href=\"#").Append(Html.Escape(section.Id)).Append("\">").Append(Html.Escape(section.Title)).Append("</a>");
        }

        html.Append("</nav>\n</header>\n<main>\n");
        foreach (var section in document.Sections)
        {
            html.Append("<section id=\"").Append(Html.Escape(section.Id)).Append("\">\n<h2>").Append(Html.Escape(section.Title)).Append("</h2>\n");
            foreach (var block in section.Blocks)
            {
                Block(html, block);
            }

            html.Append("</section>\n");
        }

        html.Append("</main>\n<footer>Written by MisterP ").Append(Html.Escape(LibraryInfo.Version)).Append(".</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Block(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case ParagraphBlock p:
                html.Append("<p").Append(ToneClass(p.Tone)).Append('>').Append(Html.Escape(p.Text)).Append("</p>\n");
                break;
            case ListBlock l:
                html.Append("<ul").Append(ToneClass(l.Tone)).Append('>');
                foreach (var item in l.Items)
                {
                    html.Append("<li>").Append(Html.Escape(item)).Append("</li>");
                }

                html.Append("</ul>\n");
                break;
            case FactsBlock f:
                html.Append(f.Wide ? "<dl class=\"wide\">" : "<dl>");
                foreach (var (name, value) in f.Facts)
                {
                    html.Append("<dt>").Append(Html.Escape(name)).Append("</dt><dd>").Append(Html.Escape(value)).Append("</dd>");
                }

                html.Append("</dl>\n");
                break;
            case TableBlock t:
                Table(html, t);
                break;
            case ColumnsBlock c:
                html.Append("<div class=\"columns\">\n");
                foreach (var inner in c.Blocks)
                {
                    html.Append("<div>");
                    Block(html, inner);
                    html.Append("</div>\n");
                }

                html.Append("</div>\n");
                break;
            case FoldBlock fold:
                html.Append("<details><summary>").Append(Html.Escape(fold.Summary)).Append("</summary>\n");
                foreach (var inner in fold.Blocks)
                {
                    Block(html, inner);
                }

                html.Append("</details>\n");
                break;
            case ImageBlock i:
                // The figure is as wide as its image, so a long caption wraps instead of widening the column.
                html.Append("<figure style=\"max-width: ").Append(i.Width + 2).Append("px\"><img alt=\"").Append(Html.Escape(i.Caption)).Append("\" width=\"").Append(i.Width).Append("\" height=\"").Append(i.Height)
                    .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(i.Png)).Append("\"><figcaption>")
                    .Append(Html.Escape(i.Caption)).Append("</figcaption></figure>\n");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block.GetType().Name, "Unknown report block.");
        }
    }

    private static void Table(StringBuilder html, TableBlock table)
    {
        var fold = table.Rows.Count > FoldRows && !table.Unfolded;
        if (fold)
        {
            html.Append("<details><summary>").Append(Html.Escape(table.Caption)).Append(" (").Append(table.Rows.Count).Append(" rows)</summary>\n");
        }

        html.Append("<table>");
        if (!fold)
        {
            html.Append("<caption>").Append(Html.Escape(table.Caption)).Append("</caption>");
        }

        html.Append("<thead><tr>");
        foreach (var header in table.Headers)
        {
            html.Append("<th>").Append(Html.Escape(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                // The first column names the row; numbers elsewhere line up on the right.
                html.Append(c > 0 && NumberLike().IsMatch(row[c]) ? "<td class=\"num\">" : "<td>").Append(Html.Escape(row[c])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n");
        if (fold)
        {
            html.Append("</details>\n");
        }
    }

    private static string ToneClass(Tone tone) => tone switch
    {
        Tone.Note => " class=\"note\"",
        Tone.Warning => " class=\"warning\"",
        Tone.Good => " class=\"good\"",
        _ => string.Empty,
    };

    [GeneratedRegex(@"^([+\-]?[0-9][0-9,]*(\.[0-9]+)?(e[+\-]?[0-9]+)?%?|—)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();
}
