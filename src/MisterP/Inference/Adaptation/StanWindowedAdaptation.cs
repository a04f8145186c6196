using MisterP.Inference.Hamiltonian;
using MisterP.Inference.Nuts;
using MisterP.Inference.Sampling;
using MisterP.Numerics;

namespace MisterP.Inference.Adaptation;

/// <summary>
/// Stan's windowed adaptation (adapt_diag_e_nuts / adapt_dense_e_nuts): dual averaging of the step size throughout,
/// the metric re-estimated from the draws of each slow window (<see cref="WindowSchedule"/>), the step size searched
/// afresh and its averaging restarted after each update. With <c>auto</c>, a window end whose estimate agrees with the
/// previous window's (<see cref="WarmupSettling"/>) becomes the last update, followed by the terminal step-size buffer.
/// </summary>
internal sealed class StanWindowedAdaptation : IWarmupAdaptation
{
    private readonly Hamiltonian.Hamiltonian _hamiltonian;
    private readonly Xoshiro256 _random;
    private readonly int _dimension;
    private readonly bool _dense;
    private readonly bool _auto;
    private readonly DualAveraging _dual;
    private readonly WindowSchedule _schedule;
    private readonly MetricEstimator _estimator;
    private double[]? _previousWindowMetric;
    private double _previousWindowStepSize;
    private int _previousWindowDraws;
    private int _end;
    private bool _frozen;

    public StanWindowedAdaptation(Hamiltonian.Hamiltonian hamiltonian, PhasePoint z, Xoshiro256 random, SamplerOptions options, bool auto)
    {
        _hamiltonian = hamiltonian;
        _random = random;
        _dimension = hamiltonian.Dimension;
        _dense = options.Metric == MetricKind.Dense;
        _auto = auto;
        _end = options.Warmup;
        StepSize = StepSizeHeuristic.Find(hamiltonian, z, 1.0, random);
        _dual = new DualAveraging(options.TargetAccept) { Mu = Math.Log(10 * StepSize) };
        _schedule = new WindowSchedule(options.Warmup);
        _estimator = new MetricEstimator(_dimension, _dense);
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

        if (_schedule.InWindow(iteration))
        {
            _estimator.Add(z.Position);
        }

        if (_schedule.IsFinalUpdate(iteration) is var final && _schedule.EndsWindow(iteration))
        {
            var draws = _estimator.Count;
            var variance = _estimator.Regularized();
            var diagonal = _dense ? Diagonal(variance) : variance;
            var settled = _auto && !final && Settles(iteration, draws, diagonal);
            _previousWindowMetric = diagonal;
            _previousWindowStepSize = _dual.Final;
            _previousWindowDraws = draws;
            final |= settled;

            // A dense estimate from the short early windows is mostly noise: those windows adapt the diagonal.
            _hamiltonian.Metric = _dense && final ? new DenseMetric(variance, _dimension) : new DiagonalMetric(diagonal);
            _estimator.Restart();
            StepSize = StepSizeHeuristic.Find(_hamiltonian, z, StepSize, _random);
            _dual.Mu = Math.Log(10 * StepSize);
            _dual.Restart();
            if (final)
            {
                _frozen = true;
                if (settled)
                {
                    _end = iteration + 1 + _schedule.TerminalBuffer;
                }
            }
        }

        return iteration + 1 >= _end;
    }

    private bool Settles(int iteration, int draws, double[] diagonal) =>
        _previousWindowMetric is not null && _previousWindowDraws >= WarmupSettling.MinimumWindow && draws >= WarmupSettling.MinimumWindow &&
        iteration + 1 + _schedule.TerminalBuffer >= WarmupSettling.Floor &&
        WarmupSettling.Settled(_previousWindowMetric, diagonal, _previousWindowStepSize, _dual.Final);

    private double[] Diagonal(double[] matrix) => Enumerable.Range(0, _dimension).Select(i => matrix[i * _dimension + i]).ToArray();
}
