using System.Globalization;
using System.Text;
using MisterP.Posterior;

namespace MisterP.Output;

/// <summary>What CmdStan writes in the comment header of each output file.</summary>
public sealed record CmdStanMetadata
{
    public required string ModelName { get; init; }

    public required ulong Seed { get; init; }

    public required int NumWarmup { get; init; }

    public required int NumSamples { get; init; }

    public required double[] StepSizes { get; init; }

    public required double[][] InverseMetricDiagonals { get; init; }

    public TimeSpan WarmupTime { get; init; }

    public TimeSpan SamplingTime { get; init; }
}

/// <summary>
/// CmdStan's CSV output, one file per chain (output_1.csv …): '#' comment header, the column header, adaptation
/// comments, draws. Reading accepts files lacking some sampler columns (older CmdStan files have no energy__) and
/// skips saved warmup draws.
/// </summary>
public static class CmdStanCsv
{
    /// <summary>
    /// CmdStan readers (rstan, cmdstanr, ArviZ) take '.'-separated parts of a column name as integer indices, so
    /// level text cannot go there: <c>r_state[AL,Intercept]</c> → <c>r_state__AL__Intercept</c>, dots and spaces → '_'.
    /// Integer indices are what CmdStan writes them as: a cumulative fit's thresholds <c>b_Intercept[1]</c> →
    /// <c>b_Intercept.1</c>, read back by those readers as element 1 of the vector <c>b_Intercept</c>, as brms's are.
    /// </summary>
    public static string ColumnName(string name)
    {
        var open = name.IndexOf('[');
        if (open > 0 && name.EndsWith(']') && name[(open + 1)..^1].Split(',').All(i => i.Length > 0 && i.All(char.IsAsciiDigit)))
        {
            return ColumnName(name[..open]) + "." + name[(open + 1)..^1].Replace(',', '.');
        }

        return name.Replace("[", "__", StringComparison.Ordinal).Replace(",", "__", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal)
            .Replace('.', '_').Replace(' ', '_');
    }

    public static void Write(string directory, PosteriorDraws draws, CmdStanMetadata meta)
    {
        for (var c = 0; c < draws.ChainCount; c++)
        {
            var chain = c;
            AtomicFile.WriteText(Path.Combine(directory, $"output_{c + 1}.csv"), writer =>
            {
                writer.WriteLine($"# model = {meta.ModelName}");
                writer.WriteLine("# method = sample (Default)");
                writer.WriteLine("#   sample");
                writer.WriteLine($"#     num_samples = {meta.NumSamples}");
                writer.WriteLine($"#     num_warmup = {meta.NumWarmup}");
                writer.WriteLine("#     save_warmup = 0");
                writer.WriteLine("#     thin = 1");
                writer.WriteLine("#     algorithm = hmc (Default)");
                writer.WriteLine("#       hmc");
                writer.WriteLine("#         engine = nuts (Default)");
                writer.WriteLine("#         metric = diag_e (Default)");
                writer.WriteLine($"# id = {chain + 1}");
                writer.WriteLine("# random");
                writer.WriteLine($"#   seed = {meta.Seed}");
                writer.WriteLine("# output");
                writer.WriteLine("# generator = MisterP " + LibraryInfo.Version);
                writer.WriteLine(string.Join(",", draws.StatisticNames.Concat(draws.ParameterNames.Select(ColumnName))));
                writer.WriteLine("# Adaptation terminated");
                writer.WriteLine($"# Step size = {meta.StepSizes[chain].ToString("R", CultureInfo.InvariantCulture)}");
                writer.WriteLine("# Diagonal elements of inverse mass matrix:");
                writer.WriteLine("# " + string.Join(", ", meta.InverseMetricDiagonals[chain].Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
                var p = draws.ParameterNames.Count;
                var s = draws.StatisticNames.Count;
                var parameters = draws.ChainParameters(chain);
                var statistics = draws.ChainStatistics(chain);
                var line = new StringBuilder();
                for (var d = 0; d < draws.DrawsPerChain; d++)
                {
                    line.Clear();
                    for (var k = 0; k < s; k++)
                    {
                        line.Append(k > 0 ? "," : string.Empty).Append(TableCsv.FormatNumber(statistics[d * s + k]));
                    }

                    for (var k = 0; k < p; k++)
                    {
                        line.Append(',').Append(TableCsv.FormatNumber(parameters[d * p + k]));
                    }

                    writer.WriteLine(line);
                }

                // The timing footer CmdStan ends with (readers look for it).
                var w = meta.WarmupTime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                var sa = meta.SamplingTime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                var total = (meta.WarmupTime + meta.SamplingTime).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                writer.WriteLine("# ");
                writer.WriteLine($"#  Elapsed Time: {w} seconds (Warm-up)");
                writer.WriteLine($"#                {sa} seconds (Sampling)");
                writer.WriteLine($"#                {total} seconds (Total)");
                writer.WriteLine("# ");
            });
        }
    }

    public static PosteriorDraws Read(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            throw new UserInputException("No CmdStan CSV files given.");
        }

        string[]? header = null;
        var parameters = new List<double[]>();
        var statistics = new List<double[]>();
        int? perChain = null;
        foreach (var path in paths)
        {
            var (fileHeader, rows) = ReadFile(path);
            if (header is null)
            {
                header = fileHeader;
            }
            else if (!header.SequenceEqual(fileHeader))
            {
                throw new UserInputException($"{path} has different columns from {paths[0]}; all files must come from the same model.");
            }

            if (perChain is { } expected && rows.Count != expected)
            {
                throw new UserInputException($"{path} has {rows.Count} draws, {paths[0]} has {expected}; chains must be equally long.");
            }

            perChain = rows.Count;
            var statisticIndex = Enumerable.Range(0, header.Length).Where(i => header[i].EndsWith("__", StringComparison.Ordinal)).ToArray();
            var parameterIndex = Enumerable.Range(0, header.Length).Where(i => !header[i].EndsWith("__", StringComparison.Ordinal)).ToArray();
            parameters.Add(rows.SelectMany(r => parameterIndex.Select(i => r[i])).ToArray());
            statistics.Add(rows.SelectMany(r => statisticIndex.Select(i => r[i])).ToArray());
        }

        var statisticNames = header!.Where(h => h.EndsWith("__", StringComparison.Ordinal)).ToList();
        var parameterNames = header!.Where(h => !h.EndsWith("__", StringComparison.Ordinal)).ToList();
        return new PosteriorDraws(parameterNames, parameters, statisticNames, statistics, perChain!.Value);
    }

    private static (string[] Header, List<double[]> Rows) ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"CmdStan CSV file '{path}' not found.");
        }

        string[]? header = null;
        var rows = new List<double[]>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                // Warmup draws saved before adaptation ended are not posterior draws.
                if (line.StartsWith("# Adaptation terminated", StringComparison.Ordinal))
                {
                    rows.Clear();
                }

                continue;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = CsvReader.Split(line);
            if (header is null)
            {
                header = fields;
                if (!header.Contains("lp__"))
                {
                    throw new UserInputException($"{path}, line {lineNumber}: no lp__ column; this is not a CmdStan sampler output file.");
                }

                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new UserInputException($"{path}, line {lineNumber}: {fields.Length} fields, the header has {header.Length}.");
            }

            rows.Add(fields.Select((f, i) => CsvReader.Number(f, path, lineNumber, i + 1)).ToArray());
        }

        if (header is null || rows.Count == 0)
        {
            throw new UserInputException($"{path} has no draws.");
        }

        return (header, rows);
    }
}
