using System.Globalization;
using System.Text;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Plots;

/// <summary>
/// One small NUTS fit (2 chains × 100 draws of y ~ male + (1|state)), its post-stratified estimates and comparison,
/// and a maximum-likelihood fit, made once for all plot and report tests.
/// </summary>
public sealed class TinyFit : IDisposable
{
    private readonly TempFolder _temp = new();

    public TinyFit()
    {
        var survey = new StringBuilder("y,state,male\n");
        var states = new[] { "CA", "NY", "TX", "WA" };
        for (var i = 0; i < 80; i++)
        {
            var state = states[i % 4];
            var male = i % 3 == 0 ? 0.5 : -0.5;
            var y = (i * 7 + (state == "TX" ? 3 : 0)) % 5 < 2 + (male > 0 ? 1 : 0) ? 1 : 0;
            survey.Append(CultureInfo.InvariantCulture, $"{y},{state},{male}\n");
        }

        Survey = _temp.File("survey.csv", survey.ToString());
        var frame = _temp.File("frame.csv", "state,male,n\nCA,0.5,100\nCA,-0.5,120\nNY,0.5,60\nNY,-0.5,50\nTX,0.5,80\nTX,-0.5,90\nWA,0.5,30\nWA,-0.5,40\n");
        var truth = _temp.File("truth.csv", "state,truth\nCA,0.45\nNY,0.5\nTX,0.55\nWA,0.4\n");
        Folder = Path.Combine(_temp.Path, "fit");
        Run("fit", Survey, "--formula", "y ~ male + (1|state)", "--chains", "2", "--warmup", "150", "--draws", "100", "--seed", "3", "--out", Folder, "--quiet");
        Estimates = Path.Combine(_temp.Path, "est.csv");
        Run("poststrat", Folder, "--frame", frame, "--by", "state", "--by", "", "--out", Estimates, "--quiet");
        Comparison = Path.Combine(_temp.Path, "cmp.csv");
        Run("compare", Estimates, "--raw", Survey, "--outcome", "y", "--truth", truth, "--by", "state", "--out", Comparison);
        MlFolder = Path.Combine(_temp.Path, "fit-ml");
        Run("fit", Survey, "--formula", "y ~ male + (1|state)", "--method", "ml", "--out", MlFolder);
    }

    public string Survey { get; }

    /// <summary>The NUTS fit folder.</summary>
    public string Folder { get; }

    public string MlFolder { get; }

    public string Estimates { get; }

    public string Comparison { get; }

    /// <summary>A path in this fixture's folder for a test's output.</summary>
    public string Output(string name) => Path.Combine(_temp.Path, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    public string File(string name, string content) => _temp.File(Guid.NewGuid().ToString("N")[..8] + "-" + name, content);

    public void Dispose() => _temp.Dispose();

    private static void Run(params string[] args)
    {
        var (exit, _, error) = CliRunner.Run(args);
        if (exit != 0)
        {
            throw new InvalidOperationException($"mrp {string.Join(' ', args)} failed ({exit}): {error}");
        }
    }
}

/// <summary>Plot and report tests share one <see cref="TinyFit"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TinyFitCollection : ICollectionFixture<TinyFit>
{
    public const string Name = "tiny fit";
}
