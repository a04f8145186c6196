using System.Globalization;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using MisterP.Numerics;

namespace MisterP.Simulation;

/// <summary>Settings of <c>mrp simulate</c>.</summary>
public sealed record SimulationOptions
{
    /// <summary>Frame column with each cell's population count.</summary>
    public required string Weight { get; init; }

    /// <summary>SQL expression over frame columns giving each cell's relative response propensity (e.g. <c>1 + 2 * (age = '70+')::INT</c>).</summary>
    public string Select { get; init; } = "1";

    public required int Size { get; init; }

    public ulong Seed { get; init; } = 1;

    /// <summary>Known model of a 0/1 outcome, e.g. <c>y ~ male + (1|state)</c>; null = draw respondents only.</summary>
    public string? TruthFormula { get; init; }

    /// <summary>
    /// Its parameters by name: <c>b_Intercept</c>, <c>b_male</c>, <c>sd_state</c> (or <c>sd_state__Intercept</c>), and
    /// optionally single group effects <c>r_eth[Black]</c> (or <c>r_eth[Black,Intercept]</c>); group effects not
    /// given are drawn from their sd.
    /// </summary>
    public IReadOnlyDictionary<string, double> Effects { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// <see cref="Family.Cumulative"/> for an ordered outcome: P(y ≤ k) = logistic(c_k − η), with the thresholds given in
    /// <see cref="Effects"/> as <c>b_Intercept[1]</c> … <c>b_Intercept[K−1]</c> (brms's names) and no population
    /// intercept in η; else (the default) a 0/1 outcome from a logistic model.
    /// </summary>
    public Family Family { get; init; } = Family.Bernoulli;

    /// <summary>Ordinal outcomes: the value of the lowest category (1 for a 1–5 scale, 0 for a 0–10 recommend item).</summary>
    public int FirstCategory { get; init; } = 1;

    /// <summary>Grouping sets for the written truth (like poststrat's --by).</summary>
    public IReadOnlyList<IReadOnlyList<string>> By { get; init; } = [[]];
}

/// <summary>A simulated survey: respondent rows, and the population truth per group when outcomes were simulated.</summary>
public sealed record SimulatedSurvey(DataTable Sample, DataTable? Truth);

/// <summary>
/// Draws an opt-out-like sample from a population frame — each respondent's cell chosen with probability
/// ∝ count × selection propensity — and, given a known multilevel logistic model, outcomes for every respondent and
/// the population truth per group (Σ n·p / Σ n), for validation studies and teaching.
/// </summary>
public static class SurveySimulator
{
    public static SimulatedSurvey Simulate(ITableSource frame, SimulationOptions options)
    {
        if (options.Size < 1)
        {
            throw new UserInputException("--size must be at least 1.");
        }

        var random = new Xoshiro256(options.Seed);
        var columns = frame.Schema.Select(c => c.Name).ToList();
        var table = frame.Load(columns, columns).Table;
        var counts = ((NumericColumn)table[options.Weight]).Values;
        var propensity = Propensities(frame, options, columns);
        var cumulative = new double[table.RowCount];
        var total = 0.0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            total += Math.Max(counts[i], 0) * Math.Max(propensity[i], 0);
            cumulative[i] = total;
        }

        if (!(total > 0))
        {
            throw new UserInputException("Every frame cell has zero count or zero selection weight; nothing can be sampled.");
        }

        var chosen = new int[options.Size];
        for (var r = 0; r < chosen.Length; r++)
        {
            var u = random.Uniform() * total;
            var index = Array.BinarySearch(cumulative, u);
            chosen[r] = index >= 0 ? Math.Min(index + 1, cumulative.Length - 1) : ~index;
        }

        var sampleColumns = table.Columns.Where(c => c.Name != options.Weight).Select(c => Pick(c, chosen)).ToList();
        if (options.TruthFormula is null)
        {
            return new SimulatedSurvey(new DataTable(sampleColumns), null);
        }

        var formula = FormulaParser.Parse(options.TruthFormula);
        var ordinal = options.Family == Family.Cumulative;
        var eta = LinearPredictor(formula, table, frame, options, random, intercept: !ordinal);
        var name = ((VariableExpr)formula.Response.Outcome).Name;
        if (ordinal)
        {
            var truth = OrdinalTruth.Of(eta, Thresholds(options.Effects), options.FirstCategory);
            var answers = chosen.Select(c => (double)truth.Draw(c, random.Uniform())).ToArray();
            sampleColumns.Add(new NumericColumn(name, answers));
            return new SimulatedSurvey(new DataTable(sampleColumns), truth.PerGroup(table, counts, options.By));
        }

        var probabilities = eta.Select(e => CellLikelihood.Mean(Link.Logit, e)).ToArray();
        var outcome = chosen.Select(c => random.Uniform() < probabilities[c] ? 1.0 : 0.0).ToArray();
        sampleColumns.Add(new NumericColumn(name, outcome));
        return new SimulatedSurvey(new DataTable(sampleColumns), PopulationTruth.PerGroup(table, counts, probabilities, options.By));
    }

    /// <summary>b_Intercept[1] … b_Intercept[K−1] from the effects: at least one, numbered from 1 without gaps, increasing.</summary>
    private static double[] Thresholds(IReadOnlyDictionary<string, double> effects)
    {
        var thresholds = new List<double>();
        while (effects.TryGetValue($"b_Intercept[{thresholds.Count + 1}]", out var c))
        {
            thresholds.Add(c);
        }

        if (thresholds.Count == 0 || effects.Keys.Count(k => k.StartsWith("b_Intercept[", StringComparison.Ordinal)) != thresholds.Count)
        {
            throw new UserInputException(
                "--family cumulative needs the thresholds in --effects as b_Intercept[1], b_Intercept[2], … (K − 1 of them for K categories, numbered from 1), " +
                "e.g. --effects \"b_Intercept[1]=-1,b_Intercept[2]=0,b_Intercept[3]=1,b_male=0.3,sd_state=0.4\".");
        }

        for (var k = 1; k < thresholds.Count; k++)
        {
            if (!(thresholds[k] > thresholds[k - 1]))
            {
                throw new UserInputException($"--effects: b_Intercept[{k + 1}] = {thresholds[k]} must be larger than b_Intercept[{k}] = {thresholds[k - 1]} (thresholds increase).");
            }
        }

        return [.. thresholds];
    }

    private static double[] Propensities(ITableSource frame, SimulationOptions options, IReadOnlyList<string> columns)
    {
        SqlExpression.Check(options.Select, "--select");
        var values = frame.EvaluatePerRow(options.Select, columns);
        if (values.Any(v => !(v >= 0)))
        {
            throw new UserInputException($"--select \"{options.Select}\" must give a number ≥ 0 for every frame cell (it is each cell's relative response propensity).");
        }

        return values;
    }

    /// <summary>η per frame cell under the known model (without the intercept column for ordinal models: the thresholds take its place).</summary>
    private static double[] LinearPredictor(Formula formula, DataTable frame, ITableSource source, SimulationOptions options, Xoshiro256 random, bool intercept)
    {
        if (formula.Response.Outcome is not VariableExpr)
        {
            throw new UserInputException("--truth-formula needs a plain outcome name on the left, e.g. \"y ~ male + (1|state)\".");
        }

        var kinds = source.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var predictors = PredictorSpecs.Build(formula, frame, kinds, null);
        var fixedColumns = ContrastCoding.Columns(formula.FixedTerms, formula.HasIntercept, predictors);
        if (!intercept)
        {
            // As the cumulative design does: factors keep their treatment coding, the intercept column goes.
            fixedColumns = fixedColumns.Where(c => c.Parts.Count > 0).ToList();
        }

        var groups = formula.GroupTerms.Select(g => new GroupRecipe(g.GroupName, g.GroupFactors, GroupLevels.Of(g.GroupFactors, frame, kinds, null),
            ContrastCoding.Columns(g.Slopes, g.HasIntercept, predictors), false)).ToList();
        var recipe = new DesignRecipe(predictors, fixedColumns, groups);
        var encoded = recipe.Encode(frame);
        double Effect(string name) => options.Effects.TryGetValue(name, out var v)
            ? v
            : throw new UserInputException($"--effects has no value for '{name}'. Give every fixed effect (b_…) and group sd (sd_GROUP), e.g. --effects \"b_Intercept=-0.5,sd_state=0.3\".");

        var p = fixedColumns.Count;
        var eta = new double[frame.RowCount];
        var beta = fixedColumns.Select(c => Effect("b_" + c.Name)).ToArray();
        for (var i = 0; i < eta.Length; i++)
        {
            for (var j = 0; j < p; j++)
            {
                eta[i] += encoded.X[i * p + j] * beta[j];
            }
        }

        for (var k = 0; k < groups.Count; k++)
        {
            var g = groups[k];
            var c = g.Coefficients.Count;
            var effects = GroupEffects(g, options.Effects, random, Effect);

            var index = encoded.Groups[k].LevelIndex;
            for (var i = 0; i < eta.Length; i++)
            {
                for (var a = 0; a < c; a++)
                {
                    eta[i] += encoded.Groups[k].Z[i * c + a] * effects[index[i] * c + a];
                }
            }
        }

        return eta;
    }

    /// <summary>
    /// Effects of every level (× coefficient) of one group term: the value given as <c>r_GROUP[level]</c> or
    /// <c>r_GROUP[level,coef]</c>, else a draw from N(0, sd). Every level takes its draw, given or not, so stating one
    /// effect never changes the others.
    /// </summary>
    private static double[] GroupEffects(GroupRecipe g, IReadOnlyDictionary<string, double> given, Xoshiro256 random, Func<string, double> required)
    {
        var c = g.Coefficients.Count;
        var effects = new double[g.Levels.Count * c];
        for (var l = 0; l < g.Levels.Count; l++)
        {
            for (var a = 0; a < c; a++)
            {
                var draw = random.Normal();
                var coefficient = g.Coefficients[a].Name;
                if (given.TryGetValue($"r_{g.Name}[{g.Levels[l]},{coefficient}]", out var v) || (c == 1 && given.TryGetValue($"r_{g.Name}[{g.Levels[l]}]", out v)))
                {
                    effects[l * c + a] = v;
                    continue;
                }

                var sd = given.TryGetValue($"sd_{g.Name}__{coefficient}", out var s) ? s : required("sd_" + g.Name);
                effects[l * c + a] = sd * draw;
            }
        }

        return effects;
    }

    private static DataColumn Pick(DataColumn column, int[] rows) => column switch
    {
        NumericColumn n => new NumericColumn(n.Name, rows.Select(r => n.Values[r]).ToArray()),
        TextColumn t => new TextColumn(t.Name, rows.Select(r => t.Values[r]).ToArray()),
        _ => throw new InvalidOperationException("Unknown column type."),
    };

    /// <summary>Parses <c>--effects "b_male=0.3, sd_state=0.4, r_eth[Black,Intercept]=-0.6"</c> (commas inside brackets belong to the name).</summary>
    public static IReadOnlyDictionary<string, double> ParseEffects(string text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in SplitOutsideBrackets(text))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0 || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                throw new UserInputException($"--effects: '{part}' is not NAME=NUMBER (e.g. b_male=0.3).");
            }

            result[part[..eq].Trim()] = v;
        }

        return result;
    }

    private static IEnumerable<string> SplitOutsideBrackets(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var part = text[start..i].Trim();
                if (part.Length > 0)
                {
                    yield return part;
                }

                start = i + 1;
            }
            else if (text[i] == '[')
            {
                depth++;
            }
            else if (text[i] == ']')
            {
                depth = Math.Max(0, depth - 1);
            }
        }
    }
}
