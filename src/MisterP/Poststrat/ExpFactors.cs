namespace MisterP.Poststrat;

/// <summary>
/// exp(σ·u) of every group effect draw (σ = −1 for the logit link, +1 for the log link), laid out as
/// <see cref="DrawColumns"/>, with each level's and each fixed effect's largest |draw|. With them a cell's exp(σ·η) is a
/// product of table entries instead of one exp per cell and draw (see <see cref="ProductPlan"/>); computed once per run.
/// </summary>
internal sealed class ExpFactors
{
    private ExpFactors(double sign, double[][] effects, double[][] effectBounds, double[] betaBounds)
    {
        Sign = sign;
        Effects = effects;
        EffectBounds = effectBounds;
        BetaBounds = betaBounds;
    }

    public double Sign { get; }

    /// <summary>Per group term, exp(σ·u) of its fitted levels, <c>[level·Stride + s]</c>.</summary>
    public double[][] Effects { get; }

    /// <summary>Per group term, max over draws of |u| for each fitted level.</summary>
    public double[][] EffectBounds { get; }

    /// <summary>Per fixed effect, max over draws of |β|.</summary>
    public double[] BetaBounds { get; }

    /// <summary>The factors for a model whose predictions can use them (logit or log link, varying intercepts only), else null.</summary>
    public static ExpFactors? For(Design.ModelShape design, DrawColumns draws)
    {
        var interceptsOnly = design.GroupTerms.All(t => t.CoefficientCount == 1 && t.CoefficientNames[0] == "Intercept");
        return !interceptsOnly ? null : design.Link switch
        {
            Families.Link.Logit => From(draws, -1),
            Families.Link.Log => From(draws, +1),
            _ => null,
        };
    }

    private static ExpFactors From(DrawColumns draws, double sign)
    {
        var effects = new double[draws.Effects.Length][];
        var bounds = new double[draws.Effects.Length][];
        for (var k = 0; k < effects.Length; k++)
        {
            (effects[k], bounds[k]) = Exponentiate(draws.Effects[k], draws.Stride, draws.DrawCount, sign);
        }

        return new ExpFactors(sign, effects, bounds, Bounds(draws.Beta, draws.Stride, draws.DrawCount));
    }

    /// <summary>exp(σ·value) of each row of a parameter-major table and each row's largest |value|.</summary>
    public static (double[] Exp, double[] Bounds) Exponentiate(double[] table, int stride, int drawCount, double sign)
    {
        var exp = new double[table.Length];
        for (var i = 0; i < table.Length; i++)
        {
            exp[i] = Math.Exp(sign * table[i]);
        }

        return (exp, Bounds(table, stride, drawCount));
    }

    private static double[] Bounds(double[] table, int stride, int drawCount)
    {
        var bounds = new double[table.Length / stride];
        for (var r = 0; r < bounds.Length; r++)
        {
            for (var s = 0; s < drawCount; s++)
            {
                bounds[r] = Math.Max(bounds[r], Math.Abs(table[r * stride + s]));
            }
        }

        return bounds;
    }
}
