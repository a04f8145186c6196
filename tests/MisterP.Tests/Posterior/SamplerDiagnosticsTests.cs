using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Posterior;

public class SamplerDiagnosticsTests
{
    [Fact]
    public void EbfmiByHand()
    {
        // E = 1, 2, 0, 3: Σ(ΔE)² = 1 + 4 + 9 = 14; Ē = 1.5, Σ(E − Ē)² = 0.25 + 0.25 + 2.25 + 2.25 = 5.
        Assert.Equal(2.8, SamplerDiagnostics.Ebfmi([1, 2, 0, 3]), 12);
    }

    [Fact]
    public void WarningsCarryRemedies()
    {
        var bad = Diagnostics.Summarize("x", [[1, 2, 3, 4, 5, 6, 7, 8], [11, 12, 13, 14, 15, 16, 17, 18]]);
        var sampler = new SamplerDiagnostics([3, 0], [0, 5], [0.2, 0.9], 10);
        var warnings = DiagnosticWarnings.Evaluate([bad], sampler);
        Assert.Contains(warnings, w => w.Contains("R-hat") && w.Contains("x "));
        Assert.Contains(warnings, w => w.Contains("3 divergent") && w.Contains("--target-accept"));
        Assert.Contains(warnings, w => w.Contains("maximum tree depth") && w.Contains("--max-treedepth"));
        Assert.Contains(warnings, w => w.Contains("E-BFMI") && w.Contains("chain(s) 1"));
        Assert.Contains(warnings, w => w.Contains("bulk ESS"));
    }
}
