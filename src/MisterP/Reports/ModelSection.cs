namespace MisterP.Reports;

/// <summary>"Model and priors": formula, family, link, method, the model's terms, every prior used, settings and timings.</summary>
internal static class ModelSection
{
    public const string Id = "model";

    public static ReportSection Build(FitOverview fit)
    {
        var blocks = new List<ReportBlock>
        {
            new FactsBlock(
            [
                ("Formula", fit.Formula),
                ("Family", $"{fit.Family} ({fit.Link} link)"),
                ("Method", fit.Method switch
                {
                    "nuts" => "nuts (Bayesian, No-U-Turn sampler)",
                    "laplace" => "laplace (normal approximation of the posterior at its mode)",
                    "ml" => "ml (maximum likelihood)",
                    var other => other,
                }),
                ("Fixed effects", fit.Shape.FixedEffects.Count == 0 ? "none" : string.Join(", ", fit.Shape.FixedEffects)),
            ]),
        };
        var columns = new List<ReportBlock>();
        if (fit.Shape.GroupTerms.Count > 0)
        {
            columns.Add(new TableBlock(
                "Group terms",
                ["term", "levels", "varying", "correlated"],
                fit.Shape.GroupTerms.Select(t => (IReadOnlyList<string>)
                [
                    t.Name, t.Levels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", t.CoefficientNames), t.Correlated ? "yes" : "no",
                ]).ToList()));
        }

        if (fit.StructuredTerms.Count > 0)
        {
            // Structured priors (README, "Structured priors"): effects of neighbouring levels are alike, so a level
            // with few or no respondents borrows from its neighbours; the sd is scaled to be comparable with an iid term's.
            blocks.Add(new ListBlock(fit.StructuredTerms.Select(t => "Structured term " + t).ToList()));
        }

        columns.Add(fit.Priors.Count > 0
            ? new TableBlock("Priors (as used, after autoscaling)", ["parameter", "prior", "source"],
                fit.Priors.Select(p => (IReadOnlyList<string>)[p.Target, p.Distribution, p.Source]).ToList())
            : new ParagraphBlock(fit.Method == "ml" ? "Maximum likelihood uses no priors." : "model.json records no priors."));
        if (fit.Settings.Count + fit.Timings.Count > 0)
        {
            columns.Add(new FactsBlock([.. fit.Settings, .. fit.Timings]));
        }

        blocks.Add(new ColumnsBlock(columns));
        return new ReportSection(Id, "Model and priors", blocks);
    }
}
