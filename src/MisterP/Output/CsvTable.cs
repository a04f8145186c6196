namespace MisterP.Output;

/// <summary>
/// A small CSV file MisterP wrote (EST.csv, CMP.csv) read as text fields: header, rows, and typed access with
/// messages that name the file, line and column.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;

    private CsvTable(string path, string[] header, List<(int Line, string[] Fields)> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _index = header.Select((h, i) => (h, i)).GroupBy(x => x.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public string Path { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    /// <summary>Reads <paramref name="path"/>; <paramref name="role"/> names the file in messages ("estimates file").</summary>
    public static CsvTable Read(string path, string role)
    {
        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw new UserInputException($"The {role} '{path}' does not exist (looked in {System.IO.Path.GetFullPath(path)}).");
        }

        using var reader = new CsvReader(path);
        var first = reader.ReadRecord() ?? throw new UserInputException($"The {role} '{path}' is empty.");
        var header = CsvReader.Split(first.TrimStart('\uFEFF'));
        var rows = new List<(int, string[])>();
        while (reader.ReadFields() is { } fields)
        {
            if (fields.Length != header.Length)
            {
                throw new UserInputException($"{path}, line {reader.Line}: {fields.Length} fields, but the header has {header.Length}.");
            }

            rows.Add((reader.Line, fields));
        }

        return new CsvTable(path, header, rows);
    }

    public bool Has(string column) => _index.ContainsKey(column);

    public int IndexOf(string column) => _index.TryGetValue(column, out var i) ? i : -1;

    /// <summary>Fails with a message naming what is missing unless every column is present.</summary>
    public void Require(IEnumerable<string> columns, string what)
    {
        var missing = columns.Where(c => !Has(c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException(
                $"{Path} is not {what}: it has no column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} " +
                $"(its columns are {string.Join(", ", Header)}).");
        }
    }

    public double Number((int Line, string[] Fields) row, string column) =>
        CsvReader.Number(row.Fields[_index[column]], Path, row.Line, _index[column] + 1);
}
