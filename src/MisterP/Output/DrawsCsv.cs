using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MisterP.Posterior;

namespace MisterP.Output;

/// <summary>
/// draws.csv (SPEC §2): <c>chain,draw,lp__,…,energy__,&lt;parameters…&gt;</c>, one row per draw, doubles written
/// round-trip so a fit read back is bit-identical.
/// </summary>
public static class DrawsCsv
{
    public static void Write(string path, PosteriorDraws draws) =>
        AtomicFile.WriteText(path, writer =>
        {
            writer.WriteLine(string.Join(",", new[] { "chain", "draw" }.Concat(draws.StatisticNames).Concat(draws.ParameterNames).Select(TableCsv.Quote)));
            var p = draws.ParameterNames.Count;
            var s = draws.StatisticNames.Count;

            // Chains are formatted in parallel, each into its own text, then written in order (the bytes do not depend on
            // the thread count). One row goes into one reused buffer: a string per value (4,000 draws × ~200 columns)
            // cost more than the write.
            var texts = new StringBuilder[draws.ChainCount];
            Parallel.For(0, draws.ChainCount, c =>
            {
                var parameters = draws.ChainParameters(c);
                var statistics = draws.ChainStatistics(c);
                var line = new char[64 * (2 + s + p) + 32];
                var text = texts[c] = new StringBuilder();
                for (var d = 0; d < draws.DrawsPerChain; d++)
                {
                    var at = Append(line, 0, c + 1);
                    line[at++] = ',';
                    at = Append(line, at, d + 1);
                    foreach (var v in statistics.Slice(d * s, s))
                    {
                        line[at++] = ',';
                        at = Append(line, at, v);
                    }

                    foreach (var v in parameters.Slice(d * p, p))
                    {
                        line[at++] = ',';
                        at = Append(line, at, v);
                    }

                    text.Append(line, 0, at).Append(writer.NewLine);
                }
            });
            foreach (var text in texts)
            {
                writer.Write(text);
            }
        });

    private static int Append(char[] line, int at, int value)
    {
        value.TryFormat(line.AsSpan(at), out var written, default, CultureInfo.InvariantCulture);
        return at + written;
    }

    /// <summary>As <see cref="TableCsv.FormatNumber"/>: shortest round-trip text, NaN as NA.</summary>
    private static int Append(char[] line, int at, double value)
    {
        if (double.IsNaN(value))
        {
            line[at] = 'N';
            line[at + 1] = 'A';
            return at + 2;
        }

        value.TryFormat(line.AsSpan(at), out var written, "R", CultureInfo.InvariantCulture);
        return at + written;
    }

    public static PosteriorDraws Read(string path)
    {
        using var reader = new CsvReader(path);
        var header = CsvReader.Split(reader.ReadRecord() ?? throw new UserInputException($"{path} is empty."));
        if (header.Length < 2 || header[0] != "chain" || header[1] != "draw")
        {
            throw new UserInputException($"{path}, line 1: a draws.csv starts with 'chain,draw'; this looks like another format (for CmdStan files use them directly: mrp summary output_1.csv …).");
        }

        var statisticNames = header.Skip(2).Where(h => SamplerStatistics.Names.Contains(h)).ToList();
        var parameterNames = header.Skip(2 + statisticNames.Count).ToList();
        var chains = new SortedDictionary<int, (List<double> Parameters, List<double> Statistics)>();
        while (reader.ReadRecord() is { } line)
        {
            var values = reader.Quoted ? Quoted(line, path, reader.Line, header.Length) : Plain(line, path, reader.Line, header.Length);
            var chain = (int)values[0];
            if (!chains.TryGetValue(chain, out var store))
            {
                chains[chain] = store = ([], []);
            }

            store.Statistics.AddRange(values.AsSpan(2, statisticNames.Count));
            store.Parameters.AddRange(values.AsSpan(2 + statisticNames.Count, parameterNames.Count));
        }

        if (chains.Count == 0)
        {
            throw new UserInputException($"{path} has no draws.");
        }

        var perChain = chains.Values.Select(c => c.Parameters.Count / Math.Max(1, parameterNames.Count)).Distinct().ToList();
        if (perChain.Count != 1)
        {
            throw new UserInputException($"{path}: chains have different numbers of draws ({string.Join(", ", perChain)}).");
        }

        return new PosteriorDraws(parameterNames, chains.Values.Select(c => c.Parameters.ToArray()).ToList(),
            statisticNames, chains.Values.Select(c => c.Statistics.ToArray()).ToList(), perChain[0]);
    }

    // Data rows hold plain numbers: parse fields straight from the record, without splitting it into strings. Called
    // once per draw, so it is compiled optimized from the start rather than through tier-0 (measurably slower here).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Plain(string line, string path, int lineNumber, int count)
    {
        var rest = line.AsSpan();
        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            var comma = rest.IndexOf(',');
            if ((comma < 0) != (k == count - 1))
            {
                throw new UserInputException($"{path}, line {lineNumber}: {CsvReader.Split(line).Length} fields, expected {count}.");
            }

            var field = comma < 0 ? rest : rest[..comma];
            values[k] = double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : CsvReader.Number(field.ToString(), path, lineNumber, k + 1);
            rest = comma < 0 ? [] : rest[(comma + 1)..];
        }

        return values;
    }

    /// <summary>A row another tool wrote with quoted numbers: split as any record.</summary>
    private static double[] Quoted(string line, string path, int lineNumber, int count)
    {
        var fields = CsvReader.Split(line);
        if (fields.Length != count)
        {
            throw new UserInputException($"{path}, line {lineNumber}: {fields.Length} fields, expected {count}.");
        }

        return fields.Select((f, k) => CsvReader.Number(f, path, lineNumber, k + 1)).ToArray();
    }
}
