using System.Globalization;

namespace MisterP.Checking;

/// <summary>
/// A bare pointwise log-likelihood matrix from CSV (what R's <c>log_lik()</c> gives, written out): one row per draw,
/// one column per observation. A <c>draw</c> column is ignored; the chain column (<c>chain</c> by default) gives the
/// chains for r_eff — without one, r_eff = 1 as in loo without <c>r_eff</c>.
/// </summary>
public static class LogLikelihoodCsv
{
    public static LogLikelihoodMatrix Read(string path, string? chainColumn)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"Log-likelihood file '{path}' does not exist.");
        }

        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(Unquote).ToArray()
            ?? throw new UserInputException($"{path} is empty; it needs a header row and one row per draw.");
        var chainIndex = chainColumn is null ? Array.IndexOf(header, "chain") : Array.IndexOf(header, chainColumn);
        if (chainColumn is not null && chainIndex < 0)
        {
            throw new UserInputException($"--chains '{chainColumn}' is not a column of {path} (columns: {string.Join(", ", header.Take(8))}{(header.Length > 8 ? ", …" : "")}).");
        }

        var drawIndex = Array.IndexOf(header, "draw");
        var observations = Enumerable.Range(0, header.Length).Where(j => j != chainIndex && j != drawIndex).ToArray();
        if (observations.Length == 0)
        {
            throw new UserInputException($"{path} has no observation columns (every column but 'draw' and the chain column is one).");
        }

        var values = observations.Select(_ => new List<double>()).ToArray();
        var chainIds = new List<string>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var cells = text.Split(',');
            if (cells.Length != header.Length)
            {
                throw new UserInputException($"{path} line {line} has {cells.Length} fields; the header has {header.Length}.");
            }

            if (chainIndex >= 0)
            {
                chainIds.Add(Unquote(cells[chainIndex]));
            }

            for (var k = 0; k < observations.Length; k++)
            {
                var cell = Unquote(cells[observations[k]]);
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    throw new UserInputException(
                        $"{path} line {line}, column '{header[observations[k]]}': '{cell}' is not a finite number; a log-likelihood matrix holds finite log densities only.");
                }

                values[k].Add(v);
            }
        }

        var draws = values[0].Count;
        if (draws < 2)
        {
            throw new UserInputException($"{path} has {draws} draw rows; LOO needs many draws (thousands).");
        }

        var names = observations.Select(j => header[j]).ToArray();
        if (chainIndex < 0)
        {
            return new LogLikelihoodMatrix(values.Select(v => v.ToArray()).ToArray(), names, chains: null);
        }

        // Rows grouped by chain in order of first appearance (stable), so chains need not be contiguous in the file.
        var order = chainIds.Distinct().ToList();
        var lengths = order.Select(c => chainIds.Count(x => x == c)).Distinct().ToList();
        if (lengths.Count != 1)
        {
            throw new UserInputException($"The chains in {path} ('{header[chainIndex]}') have different numbers of draws; r_eff needs chains of equal length.");
        }

        var rank = order.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var permutation = Enumerable.Range(0, draws).OrderBy(r => rank[chainIds[r]]).ToArray();
        var columns = values.Select(v => permutation.Select(r => v[r]).ToArray()).ToArray();
        return new LogLikelihoodMatrix(columns, names, order.Count);
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s.Trim();
}
