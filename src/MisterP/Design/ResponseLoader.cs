using MisterP.Data;
using MisterP.Families;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>The response per cell (or row), the table of predictor columns beside it, and row-scale response statistics.</summary>
internal sealed record LoadedResponse(DataTable Cells, ResponseData Response, bool Aggregated, long RowsDropped, double ResponseMean, double ResponseSd);

/// <summary>
/// Reads the response and the predictor columns. Aggregates rows into cells in the engine (GROUP BY the predictor
/// columns) when that is exact: equal row weights, no known standard errors, and a family whose likelihood depends
/// on the rows only through cell sums (bernoulli/binomial counts, gaussian n, Σy, Σy², Poisson Σy).
/// </summary>
internal static class ResponseLoader
{
    public static LoadedResponse Load(
        Formula formula, Family family, ITableSource source, IReadOnlyList<string> keys, IReadOnlyList<string> required, bool aggregate, OrdinalCategories? categories = null)
    {
        var r = formula.Response;
        if (categories is not null)
        {
            return CategoryCounts(formula, source, keys, required, aggregate && r.Weights is null, categories);
        }

        var rowWise = new[] { r.Outcome, r.Trials, r.Failures }.OfType<Expr>().All(ExprSql.IsRowWise);
        var exact = aggregate && rowWise && r.Weights is null && r.KnownSe is null && family != Family.NegativeBinomial;
        return exact ? Aggregated(formula, family, source, keys, required) : Rows(formula, family, source, keys, required);
    }

    private static LoadedResponse Aggregated(Formula formula, Family family, ITableSource source, IReadOnlyList<string> keys, IReadOnlyList<string> required)
    {
        var r = formula.Response;
        var y = ExprSql.ToSql(r.Outcome);
        var sums = new List<AggregateSum> { new("__y", y), new("__yy", $"{y} * {y}") };
        if (family == Family.Binomial)
        {
            var n = FamilyRules.Trials(r);
            sums.Add(new AggregateSum("__n", n));
            sums.Add(new AggregateSum("__c", $"lgamma({n} + 1) - lgamma({y} + 1) - lgamma({n} - {y} + 1)"));
        }
        else if (family == Family.Poisson)
        {
            sums.Add(new AggregateSum("__c", $"-lgamma({y} + 1)"));
        }

        var load = source.LoadAggregated(keys, sums, required);
        var table = load.Table;
        var rows = table.RowsPerCell!;
        var sumY = Numbers(table, "__y");
        var sumYy = Numbers(table, "__yy");
        var totalRows = rows.Sum();
        double[] trials;
        double constant;
        double mean, sd;
        switch (family)
        {
            case Family.Bernoulli or Family.Binomial:
                trials = family == Family.Binomial ? Numbers(table, "__n") : rows;
                constant = family == Family.Binomial ? Numbers(table, "__c").Sum() : 0;
                (mean, sd) = BinomialStats(sumY.Sum(), trials.Sum());
                break;
            case Family.Poisson:
                trials = rows;
                constant = Numbers(table, "__c").Sum();
                (mean, sd) = MomentStats(sumY.Sum(), sumYy.Sum(), totalRows);
                break;
            default:
                trials = rows;
                constant = -0.5 * totalRows * Math.Log(2 * Math.PI);
                (mean, sd) = MomentStats(sumY.Sum(), sumYy.Sum(), totalRows);
                break;
        }

        var response = new ResponseData
        {
            Y = sumY,
            Trials = trials,
            RowsPerCell = rows,
            SumOfSquares = family == Family.Gaussian ? sumYy : null,
            LogLikelihoodConstant = constant,
        };
        var cells = new DataTable(keys.Select(k => table[k]).ToList(), rows);
        return new LoadedResponse(cells, response, true, load.RowsDropped, mean, sd);
    }

    private static LoadedResponse Rows(Formula formula, Family family, ITableSource source, IReadOnlyList<string> keys, IReadOnlyList<string> required)
    {
        var r = formula.Response;
        var columns = keys.Concat(formula.Variables).Distinct(StringComparer.Ordinal).ToList();
        var load = source.Load(columns, required);
        var table = load.Table;
        var n = table.RowCount;
        double[] Eval(Expr e) => ExprEvaluator.Evaluate(e, c => DesignRecipe.NumericValues(table, c), n);
        var y = Eval(r.Outcome);
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        var trials = family == Family.Binomial
            ? r.Trials is { } t ? Eval(t) : y.Zip(Eval(r.Failures!), (a, b) => a + b).ToArray()
            : ones;
        var weights = r.Weights is { } w ? Eval(w) : null;
        var se = r.KnownSe is { } s ? Eval(s) : null;
        var constant = family switch
        {
            Family.Binomial => y.Select((k, i) => LogChoose(trials[i], k)).Sum(),
            Family.Poisson or Family.NegativeBinomial => -y.Sum(v => MathNet.Numerics.SpecialFunctions.GammaLn(v + 1)),
            Family.Gaussian => -0.5 * n * Math.Log(2 * Math.PI) - (se?.Sum(Math.Log) ?? 0),
            _ => 0,
        };
        if (weights is not null && family != Family.Gaussian)
        {
            constant = family switch
            {
                Family.Binomial => y.Select((k, i) => weights[i] * LogChoose(trials[i], k)).Sum(),
                Family.Poisson or Family.NegativeBinomial => -y.Select((v, i) => weights[i] * MathNet.Numerics.SpecialFunctions.GammaLn(v + 1)).Sum(),
                _ => 0,
            };
        }

        var (mean, sd) = family is Family.Bernoulli or Family.Binomial
            ? BinomialStats(y.Sum(), trials.Sum())
            : MomentStats(y.Sum(), y.Sum(v => v * v), n);
        var response = new ResponseData
        {
            Y = y,
            Trials = trials,
            RowsPerCell = ones,
            Weights = weights,
            KnownSe = se,
            LogLikelihoodConstant = constant,
        };
        var cells = new DataTable(keys.Select(k => table[k]).ToList(), null);
        return new LoadedResponse(cells.Columns.Count == 0 ? new DataTable([], ones) : cells, response, false, load.RowsDropped, mean, sd);
    }

    /// <summary>
    /// Ordinal, categorical and multinomial outcomes: per cell (GROUP BY the predictor columns, or per row), the count of each category, weighted by
    /// <c>weights()</c> on rows. Y holds Σ (category index + 1) and Trials the rows, so a cell's mean score is Y / Trials.
    /// </summary>
    private static LoadedResponse CategoryCounts(Formula formula, ITableSource source, IReadOnlyList<string> keys, IReadOnlyList<string> required, bool aggregate, OrdinalCategories categories)
    {
        var r = formula.Response;
        var y = categories.SqlOutcome;
        var k = categories.Count;
        var indicators = categories.CountSql?.ToList() ?? categories.SqlValues.Select(v => $"CASE WHEN {y} = {v} THEN 1 ELSE 0 END").ToList();
        DataTable cells;
        double[] rows;
        double[] counts;
        long dropped;
        var constant = 0.0;
        // Counts on a row (multinomial) have the row's multinomial coefficient log(N!/Π n_k!) as R's dmultinom keeps it.
        var coefficient = categories.CountSql is null
            ? null
            : $"lgamma({string.Join(" + ", indicators.Select(e => $"({e})"))} + 1) - {string.Join(" - ", indicators.Select(e => $"lgamma(({e}) + 1)"))}";
        if (aggregate)
        {
            var sums = indicators.Select((e, j) => new AggregateSum($"__k{j}", e)).ToList();
            if (coefficient is not null)
            {
                sums.Add(new AggregateSum("__c", coefficient));
            }

            var load = source.LoadAggregated(keys, sums, required);
            var table = load.Table;
            constant = coefficient is null ? 0 : Numbers(table, "__c").Sum();
            rows = table.RowsPerCell!;
            counts = new double[rows.Length * k];
            for (var j = 0; j < k; j++)
            {
                var column = Numbers(table, $"__k{j}");
                for (var i = 0; i < rows.Length; i++)
                {
                    counts[i * k + j] = column[i];
                }
            }

            cells = new DataTable(keys.Select(key => table[key]).ToList(), rows);
            dropped = load.RowsDropped;
        }
        else
        {
            var columns = keys.Concat(formula.Variables).Distinct(StringComparer.Ordinal).ToList();
            var load = source.Load(columns, required);
            var table = load.Table;
            var n = table.RowCount;
            var weights = r.Weights is { } w ? ExprEvaluator.Evaluate(w, c => DesignRecipe.NumericValues(table, c), n) : null;
            // Each row's count of every category (0/1 when a row holds one category), by the same SQL as aggregation
            // uses (row order is the load's), times its weight.
            rows = Enumerable.Repeat(1.0, n).ToArray();
            counts = new double[n * k];
            for (var j = 0; j < k; j++)
            {
                var hit = source.EvaluatePerRow(indicators[j], required);
                for (var i = 0; i < n; i++)
                {
                    counts[i * k + j] = hit[i] * (weights?[i] ?? 1);
                }
            }

            if (coefficient is not null)
            {
                var perRow = source.EvaluatePerRow(coefficient, required);
                constant = perRow.Select((c, i) => c * (weights?[i] ?? 1)).Sum();
            }

            cells = keys.Count == 0 ? new DataTable([], rows) : new DataTable(keys.Select(key => table[key]).ToList(), null);
            dropped = load.RowsDropped;
        }

        var cellCount = rows.Length;
        var score = new double[cellCount];
        double total = 0, sum = 0, sumSquares = 0;
        for (var i = 0; i < cellCount; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var c = counts[i * k + j];
                score[i] += c * (j + 1);
                total += c;
                sum += c * (j + 1);
                sumSquares += c * (j + 1) * (j + 1);
            }
        }

        var (mean, sd) = MomentStats(sum, sumSquares, total);
        var response = new ResponseData
        {
            Y = score,
            Trials = rows,
            RowsPerCell = rows,
            Categories = categories.Labels,
            CategoryCounts = counts,
            LogLikelihoodConstant = constant,
        };
        return new LoadedResponse(cells, response, aggregate, dropped, mean, sd);
    }

    private static double LogChoose(double n, double k) =>
        MathNet.Numerics.SpecialFunctions.GammaLn(n + 1) - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1) - MathNet.Numerics.SpecialFunctions.GammaLn(n - k + 1);

    private static (double Mean, double Sd) BinomialStats(double successes, double trials)
    {
        var p = successes / trials;
        return (p, trials > 1 ? Math.Sqrt(p * (1 - p) * trials / (trials - 1)) : double.NaN);
    }

    private static (double Mean, double Sd) MomentStats(double sum, double sumSquares, double n)
    {
        var mean = sum / n;
        return (mean, n > 1 ? Math.Sqrt(Math.Max(0, (sumSquares - n * mean * mean) / (n - 1))) : double.NaN);
    }

    private static double[] Numbers(DataTable table, string name) => ((NumericColumn)table[name]).Values;
}
