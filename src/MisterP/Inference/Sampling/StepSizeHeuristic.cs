using MisterP.Inference.Hamiltonian;
using MisterP.Numerics;

namespace MisterP.Inference.Sampling;

/// <summary>
/// Stan's initial step-size search (base_hmc::init_stepsize): from the current ε, double or halve until the
/// acceptance of a single leapfrog step with fresh momentum crosses 0.8.
/// </summary>
internal static class StepSizeHeuristic
{
    public static double Find(Hamiltonian.Hamiltonian hamiltonian, PhasePoint z, double epsilon, Xoshiro256 random)
    {
        if (epsilon == 0 || epsilon > 1e7 || double.IsNaN(epsilon))
        {
            return epsilon;
        }

        var trial = new PhasePoint(z.Position.Length);
        var logThreshold = Math.Log(0.8);
        double Delta()
        {
            trial.CopyFrom(z);
            hamiltonian.Metric.SampleMomentum(random, trial.Momentum);
            var h0 = hamiltonian.Energy(trial);
            hamiltonian.Leapfrog(trial, epsilon);
            var h = hamiltonian.Energy(trial);
            return h0 - (double.IsNaN(h) ? double.PositiveInfinity : h);
        }

        var direction = Delta() > logThreshold ? 1 : -1;
        while (true)
        {
            var delta = Delta();
            if ((direction == 1 && !(delta > logThreshold)) || (direction == -1 && !(delta < logThreshold)))
            {
                return epsilon;
            }

            epsilon = direction == 1 ? 2 * epsilon : epsilon / 2;
            if (epsilon > 1e7)
            {
                throw new InvalidOperationException("The posterior appears improper: the step size grew without bound. Check that every parameter has a proper prior or is identified by the data.");
            }

            if (epsilon == 0)
            {
                throw new InvalidOperationException("No acceptably small step size could be found: the log density or its gradient is not finite near the initial values.");
            }
        }
    }
}
