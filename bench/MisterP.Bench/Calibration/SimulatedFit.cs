using System.Globalization;
using System.Text;
using MisterP.Data;
using MisterP.Families;
using MisterP.Inference;
using MisterP.Inference.Adaptation;
using MisterP.Posterior;
using MisterP.Workflow;

namespace MisterP.Bench.Calibration;

/// <summary>
/// One replication's simulated data set fitted as <c>mrp fit</c> fits it (the same <see cref="ModelFitter"/>, with the
/// shipped sampler defaults — fast adaptation, automatic warmup, target accept 0.8 — and shorter runs), so the
/// calibration checks the whole path a user takes, not a hand-built model object.
/// </summary>
internal sealed class SimulatedFit
{
    private readonly MrpFit _fit;
    private readonly List<string> _names;
    private readonly Dictionary<string, ParameterSummary> _summary;

    private SimulatedFit(MrpFit fit)
    {
        _fit = fit;
        _names = fit.Draws!.ParameterNames.ToList();
        _summary = fit.Summary!.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public int Divergences => _fit.SamplerDiagnostics!.Divergences;

    public double MaxRhat => _summary.Values.Max(s => s.Rhat);

    public double MinEssBulk => _summary.Values.Min(s => s.EssBulk);

    /// <summary>Writes <paramref name="rows"/> (header first) as a CSV in <paramref name="folder"/> and fits it.</summary>
    public static SimulatedFit Run(string folder, string formula, IReadOnlyList<string[]> rows, FitOptions options)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "data.csv");
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        try
        {
            using var source = TableSources.Open(path);
            return new SimulatedFit(ModelFitter.Fit(source, formula, options, null, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>As <see cref="Run"/>, or null (counted in <paramref name="health"/>, the reason on stderr) when the fit refuses the data as bad input.</summary>
    public static SimulatedFit? TryRun(string folder, string formula, IReadOnlyList<string[]> rows, FitOptions options, FitHealth health)
    {
        try
        {
            return Run(folder, formula, rows, options);
        }
        catch (UserInputException e)
        {
            health.Refuse();
            Console.Error.WriteLine($"seed {options.Sampler.Seed}: the fit refused the simulated data, replication skipped: {e.Message}");
            return null;
        }
    }

    /// <summary>The options of every calibration fit: 4 chains × (automatic warmup of at most 500 + 500 draws).</summary>
    public static FitOptions Options(ulong seed, Family family, IReadOnlyList<string> priors, IReadOnlyDictionary<string, IReadOnlyList<string>>? levels = null) => new()
    {
        Family = family,
        Priors = priors,
        LevelOrder = levels,
        Sampler = new SamplerOptions { Chains = 4, Warmup = 500, AutoWarmup = true, Adaptation = AdaptationKind.Fast, Draws = 500, Seed = seed },
    };

    /// <summary>Records <paramref name="truth"/> of each named output into <paramref name="calibration"/> under its class.</summary>
    public void Record(RankCalibration calibration, IEnumerable<(string Class, string Name, double Truth)> truth)
    {
        foreach (var (parameterClass, name, value) in truth)
        {
            var index = _names.IndexOf(name);
            if (index < 0)
            {
                throw new InvalidOperationException($"The fit has no output '{name}'; it has {string.Join(", ", _names)}.");
            }

            calibration.Add(parameterClass, name, value, _fit.Draws!.Parameter(index), _summary[name]);
        }
    }

    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
