using System.CommandLine;
using MisterP.Inference;
using MisterP.Inference.Adaptation;

namespace MisterP.Cli.Commands;

/// <summary>The NUTS settings (<c>--chains --warmup --draws --seed --target-accept --max-treedepth --threads --metric --adapt</c>).</summary>
internal sealed class SamplerCliOptions
{
    private readonly Option<int> _chains = new("--chains") { Description = "Number of Markov chains.", DefaultValueFactory = _ => 4 };
    private readonly Option<string> _warmup = new("--warmup")
    {
        Description = $"Warmup (adaptation) iterations per chain: a number (exact), or auto to stop once step size and metric have settled ({WarmupSettling.Floor}–{WarmupSettling.Ceiling}).",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<string> _adapt = new("--adapt") { Description = "fast|stan warmup adaptation: the metric from draws and gradients over growing windows (nutpie-like; diag metric only), or Stan's windows (--metric dense needs stan).", DefaultValueFactory = _ => "fast" };
    private readonly Option<int> _draws = new("--draws") { Description = $"Kept draws per chain (at least {DrawsBudget.MinimumDraws}).", DefaultValueFactory = _ => 1000 };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Random seed: same data, options and seed give identical draws.", DefaultValueFactory = _ => 1UL };
    private readonly Option<double> _targetAccept = new("--target-accept", "--adapt-delta") { Description = "Target acceptance rate of step-size adaptation (raise to 0.95/0.99 against divergences).", DefaultValueFactory = _ => 0.8 };
    private readonly Option<int> _maxTreeDepth = new("--max-treedepth") { Description = "Maximum NUTS tree depth.", DefaultValueFactory = _ => 10 };
    private readonly Option<int?> _threads = new("--threads") { Description = "Threads for chains (default: one per chain, up to the processor count)." };
    private readonly Option<string> _metric = new("--metric") { Description = "diag|dense mass matrix adaptation.", DefaultValueFactory = _ => "diag" };

    public void AddTo(Command command)
    {
        command.Options.Add(_chains);
        command.Options.Add(_warmup);
        command.Options.Add(_draws);
        command.Options.Add(_seed);
        command.Options.Add(_targetAccept);
        command.Options.Add(_maxTreeDepth);
        command.Options.Add(_threads);
        command.Options.Add(_metric);
        command.Options.Add(_adapt);
    }

    public SamplerOptions Read(ParseResult parse)
    {
        var chains = parse.GetValue(_chains);
        var warmupText = parse.GetValue(_warmup)!.Trim();
        var auto = warmupText.Equals("auto", StringComparison.OrdinalIgnoreCase);
        Require(auto || int.TryParse(warmupText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
            $"--warmup '{warmupText}' is neither a number nor auto. Give the warmup iterations per chain (e.g. 1000) or auto.");
        var warmup = auto ? WarmupSettling.Ceiling : int.Parse(warmupText, System.Globalization.CultureInfo.InvariantCulture);
        var draws = parse.GetValue(_draws);
        var targetAccept = parse.GetValue(_targetAccept);
        var depth = parse.GetValue(_maxTreeDepth);
        var threads = parse.GetValue(_threads);
        Require(chains is >= 1 and <= 64, "--chains must be between 1 and 64.");
        Require(warmup >= 0, "--warmup must be 0 or more.");
        // Split R̂ and the ESS halve each chain and need several draws per half (--draws 1 ended in an internal error).
        Require(draws >= DrawsBudget.MinimumDraws, $"--draws must be at least {DrawsBudget.MinimumDraws} (got {draws}): R̂ and the effective sample size need several draws per chain; use 1000 for a real fit.");
        Require(targetAccept is > 0 and < 1, "--target-accept must lie strictly between 0 and 1 (e.g. 0.8, 0.95, 0.99).");
        Require(depth is >= 1 and <= 20, "--max-treedepth must be between 1 and 20.");
        Require(threads is null or >= 1, "--threads must be at least 1.");
        var metric = parse.GetValue(_metric)!.Trim().ToLowerInvariant() switch
        {
            "diag" or "diagonal" or "diag_e" => MetricKind.Diagonal,
            "dense" or "dense_e" => MetricKind.Dense,
            var m => throw new UserInputException($"--metric '{m}' is not known. Use diag or dense."),
        };
        // --metric dense alone keeps working: the default fast adaptation is diagonal only, so a dense metric brings Stan's.
        var adaptGiven = parse.GetResult(_adapt) is { Implicit: false };
        var adapt = !adaptGiven && metric == MetricKind.Dense ? AdaptationKind.Stan : parse.GetValue(_adapt)!.Trim().ToLowerInvariant() switch
        {
            "stan" => AdaptationKind.Stan,
            "fast" => AdaptationKind.Fast,
            var a => throw new UserInputException($"--adapt '{a}' is not known. Use stan or fast."),
        };
        Require(adapt == AdaptationKind.Stan || metric == MetricKind.Diagonal, "--adapt fast adapts a diagonal metric only: use --metric diag with it, or --adapt stan for --metric dense.");
        return new SamplerOptions
        {
            Chains = chains,
            Warmup = warmup,
            AutoWarmup = auto,
            Adaptation = adapt,
            Draws = draws,
            Seed = parse.GetValue(_seed),
            TargetAccept = targetAccept,
            MaxTreeDepth = depth,
            Threads = threads,
            Metric = metric,
        };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new UserInputException(message);
        }
    }
}
