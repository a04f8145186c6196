using System.Numerics.Tensors;
using MisterP.Inference.Hamiltonian;
using MisterP.Numerics;

namespace MisterP.Inference.Nuts;

/// <summary>Per-draw sampler statistics of one transition.</summary>
public readonly record struct TransitionStatistics(double AcceptStat, int TreeDepth, int Leapfrogs, bool Divergent, double Energy);

/// <summary>
/// One NUTS transition as Stan ≥ 2.26 performs it (Hoffman &amp; Gelman 2014; Betancourt 2017, appendix A):
/// multinomial sampling over the trajectory — uniform progressive within subtrees, biased progressive when a new
/// subtree joins the old — the generalized U-turn criterion on momentum sums checked over the merged tree and
/// across the two halves' boundaries (Stan PR #2800), divergence at ΔH &gt; 1000. Work buffers are allocated once,
/// one set per tree depth, so a transition allocates nothing.
/// </summary>
public sealed class NutsTransition
{
    private const double MaxDeltaH = 1000;

    private readonly Hamiltonian.Hamiltonian _hamiltonian;
    private readonly Xoshiro256 _random;
    private readonly int _maxDepth;
    private readonly PhasePoint _z, _zForward, _zBackward, _zSample, _zPropose;
    private readonly double[] _pSharpFwdFwd, _pSharpFwdBck, _pSharpBckFwd, _pSharpBckBck;
    private readonly double[] _pFwdFwd, _pFwdBck, _pBckFwd, _pBckBck;
    private readonly double[] _rho, _rhoFwd, _rhoBck, _rhoExtended;
    private readonly Level[] _levels;

    // Per-transition accumulators shared by the recursion.
    private int _leapfrogs;
    private double _sumMetropolis;
    private bool _divergent;

    public NutsTransition(Hamiltonian.Hamiltonian hamiltonian, Xoshiro256 random, int maxDepth)
    {
        _hamiltonian = hamiltonian;
        _random = random;
        _maxDepth = maxDepth;
        var n = hamiltonian.Dimension;
        _z = new PhasePoint(n);
        _zForward = new PhasePoint(n);
        _zBackward = new PhasePoint(n);
        _zSample = new PhasePoint(n);
        _zPropose = new PhasePoint(n);
        _pSharpFwdFwd = new double[n];
        _pSharpFwdBck = new double[n];
        _pSharpBckFwd = new double[n];
        _pSharpBckBck = new double[n];
        _pFwdFwd = new double[n];
        _pFwdBck = new double[n];
        _pBckFwd = new double[n];
        _pBckBck = new double[n];
        _rho = new double[n];
        _rhoFwd = new double[n];
        _rhoBck = new double[n];
        _rhoExtended = new double[n];
        _levels = Enumerable.Range(0, maxDepth + 1).Select(_ => new Level(n)).ToArray();
    }

    public double StepSize { get; set; } = 1;

    /// <summary>Moves <paramref name="current"/> (position, with gradient and log density set) to the next draw.</summary>
    public TransitionStatistics Transition(PhasePoint current)
    {
        _z.CopyFrom(current);
        _hamiltonian.Metric.SampleMomentum(_random, _z.Momentum);
        _zForward.CopyFrom(_z);
        _zBackward.CopyFrom(_z);
        _zSample.CopyFrom(_z);
        _zPropose.CopyFrom(_z);

        _hamiltonian.Velocity(_z, _pSharpFwdFwd);
        Array.Copy(_pSharpFwdFwd, _pSharpFwdBck, _pSharpFwdFwd.Length);
        Array.Copy(_pSharpFwdFwd, _pSharpBckFwd, _pSharpFwdFwd.Length);
        Array.Copy(_pSharpFwdFwd, _pSharpBckBck, _pSharpFwdFwd.Length);
        Array.Copy(_z.Momentum, _pFwdFwd, _pFwdFwd.Length);
        Array.Copy(_z.Momentum, _pFwdBck, _pFwdBck.Length);
        Array.Copy(_z.Momentum, _pBckFwd, _pBckFwd.Length);
        Array.Copy(_z.Momentum, _pBckBck, _pBckBck.Length);
        Array.Copy(_z.Momentum, _rho, _rho.Length);

        var logSumWeight = 0.0;
        var h0 = _hamiltonian.Energy(_z);
        _leapfrogs = 0;
        _sumMetropolis = 0;
        _divergent = false;
        var depth = 0;
        while (depth < _maxDepth)
        {
            Array.Clear(_rhoFwd);
            Array.Clear(_rhoBck);
            var logSumWeightSubtree = double.NegativeInfinity;
            bool valid;
            if (_random.Uniform() > 0.5)
            {
                // Extend forwards from the forward end.
                _z.CopyFrom(_zForward);
                Array.Copy(_rho, _rhoBck, _rho.Length);
                Array.Copy(_pFwdBck, _pBckFwd, _pFwdBck.Length);
                Array.Copy(_pSharpFwdBck, _pSharpBckFwd, _pSharpFwdBck.Length);
                valid = BuildTree(depth, _zPropose, _pSharpFwdBck, _pSharpFwdFwd, _rhoFwd, _pFwdBck, _pFwdFwd, h0, 1, ref logSumWeightSubtree);
                _zForward.CopyFrom(_z);
            }
            else
            {
                _z.CopyFrom(_zBackward);
                Array.Copy(_rho, _rhoFwd, _rho.Length);
                Array.Copy(_pBckFwd, _pFwdBck, _pBckFwd.Length);
                Array.Copy(_pSharpBckFwd, _pSharpFwdBck, _pSharpBckFwd.Length);
                valid = BuildTree(depth, _zPropose, _pSharpBckFwd, _pSharpBckBck, _rhoBck, _pBckFwd, _pBckBck, h0, -1, ref logSumWeightSubtree);
                _zBackward.CopyFrom(_z);
            }

            // A subtree that diverged or turned back internally is discarded, and ends the trajectory.
            if (!valid)
            {
                break;
            }

            depth++;

            // Biased progressive sampling between the old tree and the new subtree (Betancourt 2017, A.3.2).
            if (logSumWeightSubtree > logSumWeight)
            {
                _zSample.CopyFrom(_zPropose);
            }
            else if (_random.Uniform() < Math.Exp(logSumWeightSubtree - logSumWeight))
            {
                _zSample.CopyFrom(_zPropose);
            }

            logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
            Add(_rhoBck, _rhoFwd, _rho);

            // U-turn over the merged tree and across the boundary between the halves.
            var persist = Criterion(_pSharpBckBck, _pSharpFwdFwd, _rho);
            Add(_rhoBck, _pFwdBck, _rhoExtended);
            persist &= Criterion(_pSharpBckBck, _pSharpFwdBck, _rhoExtended);
            Add(_rhoFwd, _pBckFwd, _rhoExtended);
            persist &= Criterion(_pSharpBckFwd, _pSharpFwdFwd, _rhoExtended);
            if (!persist)
            {
                break;
            }
        }

        current.CopyFrom(_zSample);
        var accept = _leapfrogs > 0 ? _sumMetropolis / _leapfrogs : 0;
        return new TransitionStatistics(accept, depth, _leapfrogs, _divergent, _hamiltonian.Energy(_zSample));
    }

    private bool BuildTree(
        int depth, PhasePoint zPropose, double[] pSharpBeg, double[] pSharpEnd, double[] rho, double[] pBeg, double[] pEnd,
        double h0, int sign, ref double logSumWeight)
    {
        if (depth == 0)
        {
            _hamiltonian.Leapfrog(_z, sign * StepSize);
            _leapfrogs++;
            var h = _hamiltonian.Energy(_z);
            if (double.IsNaN(h))
            {
                h = double.PositiveInfinity;
            }

            if (h - h0 > MaxDeltaH)
            {
                _divergent = true;
            }

            logSumWeight = LogSumExp(logSumWeight, h0 - h);
            _sumMetropolis += h0 - h > 0 ? 1 : Math.Exp(h0 - h);
            zPropose.CopyFrom(_z);
            _hamiltonian.Velocity(_z, pSharpBeg);
            Array.Copy(pSharpBeg, pSharpEnd, pSharpBeg.Length);
            Add(rho, _z.Momentum, rho);
            Array.Copy(_z.Momentum, pBeg, pBeg.Length);
            Array.Copy(pBeg, pEnd, pBeg.Length);
            return !_divergent;
        }

        var level = _levels[depth];

        // The initial half of this subtree.
        var logSumWeightInit = double.NegativeInfinity;
        Array.Clear(level.RhoInit);
        if (!BuildTree(depth - 1, zPropose, pSharpBeg, level.PSharpInitEnd, level.RhoInit, pBeg, level.PInitEnd, h0, sign, ref logSumWeightInit))
        {
            return false;
        }

        // The final half.
        level.ZProposeFinal.CopyFrom(_z);
        var logSumWeightFinal = double.NegativeInfinity;
        Array.Clear(level.RhoFinal);
        if (!BuildTree(depth - 1, level.ZProposeFinal, level.PSharpFinalBeg, pSharpEnd, level.RhoFinal, level.PFinalBeg, pEnd, h0, sign, ref logSumWeightFinal))
        {
            return false;
        }

        // Uniform progressive (multinomial) sampling between the halves.
        var logSumWeightSubtree = LogSumExp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
        if (logSumWeightFinal > logSumWeightSubtree)
        {
            zPropose.CopyFrom(level.ZProposeFinal);
        }
        else if (_random.Uniform() < Math.Exp(logSumWeightFinal - logSumWeightSubtree))
        {
            zPropose.CopyFrom(level.ZProposeFinal);
        }

        Add(level.RhoInit, level.RhoFinal, level.RhoSubtree);
        Add(rho, level.RhoSubtree, rho);

        var persist = Criterion(pSharpBeg, pSharpEnd, level.RhoSubtree);
        Add(level.RhoInit, level.PFinalBeg, level.RhoExtended);
        persist &= Criterion(pSharpBeg, level.PSharpFinalBeg, level.RhoExtended);
        Add(level.RhoFinal, level.PInitEnd, level.RhoExtended);
        persist &= Criterion(level.PSharpInitEnd, pSharpEnd, level.RhoExtended);
        return persist;
    }

    /// <summary>Generalized no-U-turn criterion (Betancourt 2013): both end velocities still point along ρ.</summary>
    internal static bool Criterion(double[] pSharpMinus, double[] pSharpPlus, double[] rho) =>
        Dot(pSharpPlus, rho) > 0 && Dot(pSharpMinus, rho) > 0;

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot(a, b);

    private static void Add(double[] a, double[] b, double[] result) => TensorPrimitives.Add(a, b, result);

    internal static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }

    /// <summary>Work buffers of one recursion depth.</summary>
    private sealed class Level(int n)
    {
        public double[] PInitEnd { get; } = new double[n];

        public double[] PSharpInitEnd { get; } = new double[n];

        public double[] RhoInit { get; } = new double[n];

        public double[] PFinalBeg { get; } = new double[n];

        public double[] PSharpFinalBeg { get; } = new double[n];

        public double[] RhoFinal { get; } = new double[n];

        public double[] RhoSubtree { get; } = new double[n];

        public double[] RhoExtended { get; } = new double[n];

        public PhasePoint ZProposeFinal { get; } = new(n);
    }
}
