using MisterP.Inference.Nuts;

namespace MisterP.Inference.Adaptation;

/// <summary>
/// One chain's warmup: it owns the step size and sets the Hamiltonian's metric while it learns them. The chain runs
/// a transition with <see cref="StepSize"/>, then calls <see cref="Learn"/>, until that returns true or the warmup
/// ceiling is reached.
/// </summary>
internal interface IWarmupAdaptation
{
    /// <summary>The step size of the next warmup transition.</summary>
    double StepSize { get; }

    /// <summary>The step size kept for sampling (the dual-averaged iterate of the last step-size window).</summary>
    double FinalStepSize { get; }

    /// <summary>Learns from transition <paramref name="iteration"/> (0-based) that ended at <paramref name="z"/>; true when warmup is over.</summary>
    bool Learn(int iteration, Hamiltonian.PhasePoint z, TransitionStatistics statistics);
}
