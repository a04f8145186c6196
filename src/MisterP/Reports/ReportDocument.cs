namespace MisterP.Reports;

/// <summary>
/// A report as data: a title and sections of blocks (paragraphs, facts, tables, images), rendered to HTML by
/// <see cref="HtmlReport"/>. Text is plain — the renderer escapes all of it, so values from data are safe.
/// </summary>
public sealed record ReportDocument(string Title, string Subtitle, IReadOnlyList<ReportSection> Sections);

/// <summary>A section with an anchor id (for the table of contents) and a heading.</summary>
public sealed record ReportSection(string Id, string Title, IReadOnlyList<ReportBlock> Blocks);

/// <summary>How a paragraph or list is shown: plain, a highlighted note, a warning, or an all-clear.</summary>
public enum Tone
{
    Plain,
    Note,
    Warning,
    Good,
}

/// <summary>Content of a section.</summary>
public abstract record ReportBlock;

public sealed record ParagraphBlock(string Text, Tone Tone = Tone.Plain) : ReportBlock;

public sealed record ListBlock(IReadOnlyList<string> Items, Tone Tone = Tone.Plain) : ReportBlock;

/// <summary>Name–value pairs (a definition list); <paramref name="Wide"/> lays three pairs side by side.</summary>
public sealed record FactsBlock(IReadOnlyList<(string Name, string Value)> Facts, bool Wide = false) : ReportBlock;

/// <summary>Blocks side by side (wrapping on narrow screens), to keep short tables from making the page long.</summary>
public sealed record ColumnsBlock(IReadOnlyList<ReportBlock> Blocks) : ReportBlock;

/// <summary>Blocks folded under a summary line (HTML &lt;details&gt;, no script), for detail most readers skip.</summary>
public sealed record FoldBlock(string Summary, IReadOnlyList<ReportBlock> Blocks) : ReportBlock;

/// <summary>A table; cells are text, numeric-looking cells are right-aligned. Long tables fold unless <see cref="Unfolded"/>.</summary>
public sealed record TableBlock(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock
{
    /// <summary>Show every row however many (e.g. a table standing beside a figure of the same height).</summary>
    public bool Unfolded { get; init; }
}

/// <summary>A PNG image embedded in the page, with its pixel size and a caption.</summary>
public sealed record ImageBlock(byte[] Png, int Width, int Height, string Caption) : ReportBlock;
