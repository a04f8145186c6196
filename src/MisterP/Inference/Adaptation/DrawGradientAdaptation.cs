using MisterP.Inference.Hamiltonian;
using MisterP.Inference.Nuts;
using MisterP.Inference.Sampling;
using MisterP.Numerics;

namespace MisterP.Inference.Adaptation;

/// <summary>
/// A faster warmup (<c>--adapt fast</c>), after nutpie's (Seyboldt et al. 2025, arXiv:2504.11722): the diagonal metric
/// starts from the initial gradient (σ̂²ᵢ = 1/|gᵢ|), is re-estimated from draws and gradients together
/// (<see cref="DrawGradientVariance"/>) after every iteration, and two estimators overlap: at each window end the
/// background one, which saw only the window just finished, replaces the foreground and a fresh background starts,
/// so early transient draws are forgotten quickly. Windows grow from 10 draws, doubling; the metric is frozen
/// <see cref="FinalWindow"/> iterations before warmup ends and the step size alone is tuned over that final window.
/// With <c>auto</c>, warmup ends once a window's estimate agrees with the one before (<see cref="WarmupSettling"/>).
/// </summary>
internal sealed class DrawGradientAdaptation : IWarmupAdaptation
{
    private const int FirstWindow = 10;
    private const int FinalWindow = 50;
    private const int MinimumForeground = 3;

    private readonly Hamiltonian.Hamiltonian _hamiltonian;
    private readonly DiagonalMetric _metric;
    private readonly double[] _inverse;
    private readonly double[] _windowEstimate;
    private readonly DualAveraging _dual;
    private readonly bool _auto;
    private readonly int _freezeAt;
    private DrawGradientVariance _foreground;
    private DrawGradientVariance _background;
    private double[]? _previousWindowEstimate;
    private double _previousWindowStepSize;
    private int _windowSize = FirstWindow;
    private int _windowEnd = FirstWindow - 1;
    private int _end;
    private bool _frozen;

    public DrawGradientAdaptation(Hamiltonian.Hamiltonian hamiltonian, PhasePoint z, Xoshiro256 random, SamplerOptions options, bool auto)
    {
        if (options.Metric != MetricKind.Diagonal)
        {
            throw new UserInputException("--adapt fast adapts a diagonal metric only: use --metric diag with it, or --adapt stan for --metric dense.");
        }

        var n = hamiltonian.Dimension;
        _hamiltonian = hamiltonian;
        _auto = auto;
        _end = options.Warmup;
        _freezeAt = options.Warmup < 4 * FinalWindow ? options.Warmup * 4 / 5 : options.Warmup - FinalWindow;
        _inverse = new double[n];
        _windowEstimate = new double[n];
        for (var i = 0; i < n; i++)
        {
            var g = Math.Abs(z.Gradient[i]);
            _inverse[i] = g > 0 && double.IsFinite(g) ? Math.Clamp(1 / g, 1e-10, 1e10) : 1;
        }

        _metric = new DiagonalMetric(_inverse);
        hamiltonian.Metric = _metric;
        _foreground = new DrawGradientVariance(n);
        _background = new DrawGradientVariance(n);
        StepSize = StepSizeHeuristic.Find(hamiltonian, z, 1.0, random);
        _dual = new DualAveraging(options.TargetAccept) { Mu = Math.Log(10 * StepSize) };
    }

    public double StepSize { get; private set; }

    public double FinalStepSize => _dual.Final;

    public bool Learn(int iteration, PhasePoint z, TransitionStatistics statistics)
    {
        StepSize = _dual.Learn(statistics.AcceptStat);
        if (_frozen)
        {
            return iteration + 1 >= _end;
        }

        _foreground.Add(z.Position, z.Gradient);
        _background.Add(z.Position, z.Gradient);
        if (iteration + 1 >= _freezeAt)
        {
            Freeze(_foreground);
            return iteration + 1 >= _end;
        }

        if (iteration == _windowEnd)
        {
            EndWindow(iteration);
        }
        else if (_foreground.Count >= MinimumForeground)
        {
            _foreground.InverseMetric(_inverse);
            _metric.Assign(_inverse);
        }

        return iteration + 1 >= _end;
    }

    private void EndWindow(int iteration)
    {
        _background.InverseMetric(_windowEstimate);
        var settled = _auto && _previousWindowEstimate is not null && _background.Count >= WarmupSettling.MinimumWindow &&
                      _windowSize / 2 >= WarmupSettling.MinimumWindow && iteration + 1 + FinalWindow >= WarmupSettling.Floor &&
                      WarmupSettling.Settled(_previousWindowEstimate, _windowEstimate, _previousWindowStepSize, _dual.Final);
        _previousWindowEstimate = (double[])_windowEstimate.Clone();
        _previousWindowStepSize = _dual.Final;
        if (settled)
        {
            // Both windows agree, so both are stationary: the foreground (the last two windows) gives the final metric.
            Freeze(_foreground);
            _end = iteration + 1 + FinalWindow;
            return;
        }

        (_foreground, _background) = (_background, _foreground);
        _background.Clear();
        _foreground.InverseMetric(_inverse);
        _metric.Assign(_inverse);
        _dual.Mu = Math.Log(10 * StepSize);
        _dual.Restart();
        _windowSize *= 2;
        _windowEnd = iteration + _windowSize;

        // As Stan stretches its last slow window: a window that would leave less than twice its length before the freeze runs to it.
        if (_windowEnd + 2 * _windowSize >= _freezeAt)
        {
            _windowEnd = _freezeAt - 1;
        }
    }

    private void Freeze(DrawGradientVariance estimate)
    {
        estimate.InverseMetric(_inverse);
        _metric.Assign(_inverse);
        _dual.Mu = Math.Log(10 * StepSize);
        _dual.Restart();
        _frozen = true;
    }
}
