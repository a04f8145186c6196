using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Workflow;

public class DemoTests
{
    [Fact]
    public void DemoCorrectsTheOptOutBias()
    {
        using var temp = new TempFolder();
        var result = SaasDemo.Run(new DemoOptions { OutputDirectory = Path.Combine(temp.Path, "demo"), Warmup = 300, Draws = 300, Chains = 2 });
        var overall = result.Overall;
        Assert.True(Math.Abs(overall.Mrp - overall.Truth) < Math.Abs(overall.Raw - overall.Truth) / 3,
            $"raw {overall.Raw:F3}, MRP {overall.Mrp:F3}, truth {overall.Truth:F3}");
        Assert.True(result.Accuracy.ShareMrpBeatsRaw > 0.8);
        Assert.True(File.Exists(Path.Combine(result.OutputDirectory, "estimates.csv")));
        Assert.True(File.Exists(Path.Combine(result.OutputDirectory, "fits", "multilevel", "draws.csv")));
    }
}
