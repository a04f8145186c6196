using System.Globalization;
using MisterP.Checking;

namespace MisterP.Tests.Checking;

/// <summary>Reads the loo 2.5.1 golden files of ../shared/reference/loo (see its README).</summary>
internal static class LooGolden
{
    public const string Folder = "reference/loo";

    public static string Path(string file) => SharedData.RequireFile($"{Folder}/{file}");

    /// <summary>Header and rows of a plain CSV (nothing quoted).</summary>
    public static (string[] Header, List<string[]> Rows) Read(string file)
    {
        var lines = File.ReadAllLines(Path(file));
        return (lines[0].Split(','), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList());
    }

    public static double D(string s) => s switch
    {
        "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };

    /// <summary>loglik.csv / loglik2.csv as a matrix with 4 chains.</summary>
    public static LogLikelihoodMatrix LogLik(string file)
    {
        var (header, rows) = Read(file);
        var names = header.Skip(2).ToArray();
        var columns = names.Select((_, j) => rows.Select(r => D(r[j + 2])).ToArray()).ToArray();
        var chains = rows.Select(r => r[0]).Distinct().Count();
        return new LogLikelihoodMatrix(columns, names, chains);
    }

    /// <summary>Rows of a file keyed by its first column, values by header name.</summary>
    public static Dictionary<string, Dictionary<string, string>> Keyed(string file, int keyColumns = 1)
    {
        var (header, rows) = Read(file);
        return rows.ToDictionary(
            r => string.Join("/", r.Take(keyColumns)),
            r => header.Select((h, i) => (h, r[i])).ToDictionary(p => p.h, p => p.Item2));
    }

    /// <summary>The full 300-observation matrix rebuilt from data.csv and draws*.csv as the README says.</summary>
    public static LogLikelihoodMatrix FullLogLik(string drawsFile)
    {
        var (dataHeader, data) = Read("data.csv");
        var (drawHeader, draws) = Read(drawsFile);
        int Col(string[] h, string n) => Array.IndexOf(h, n);
        var y = data.Select(r => D(r[Col(dataHeader, "y")])).ToArray();
        var x = new[] { "x1", "x2", "x3" }.Select(n => data.Select(r => D(r[Col(dataHeader, n)])).ToArray()).ToArray();
        var g = data.Select(r => r[Col(dataHeader, "g")]).ToArray();
        var coef = drawHeader.Skip(2).ToDictionary(n => n, n => draws.Select(r => D(r[Col(drawHeader, n)])).ToArray());
        var s = draws.Count;
        var columns = new double[y.Length][];
        for (var i = 0; i < y.Length; i++)
        {
            var column = new double[s];
            for (var d = 0; d < s; d++)
            {
                var eta = coef["b_Intercept"][d] + coef["b_x1"][d] * x[0][i] + coef["b_x2"][d] * x[1][i];
                if (coef.TryGetValue("b_x3", out var b3))
                {
                    eta += b3[d] * x[2][i];
                }

                if (g[i] != "a" && coef.TryGetValue("b_g" + g[i], out var bg))
                {
                    eta += bg[d];
                }

                var p = Math.Exp(eta) / (1 + Math.Exp(eta));
                column[d] = y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p);
            }

            columns[i] = column;
        }

        var chains = draws.Select(r => r[0]).Distinct().Count();
        return new LogLikelihoodMatrix(columns, Enumerable.Range(1, y.Length).Select(i => $"i{i}").ToArray(), chains);
    }
}
