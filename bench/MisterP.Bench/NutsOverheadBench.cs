using System.Diagnostics;
using MisterP.Inference.Hamiltonian;
using MisterP.Inference.Nuts;
using MisterP.Numerics;

namespace MisterP.Bench;

/// <summary>
/// The sampler's own cost per leapfrog step, without the model's: NUTS transitions on a 100-dimensional standard
/// normal (whose gradient is nearly free), in CPU µs per leapfrog.
/// </summary>
internal static class NutsOverheadBench
{
    public static int Run(int transitions)
    {
        var density = TargetModels.Create("normal100");
        var hamiltonian = new Hamiltonian(density, new DiagonalMetric(Enumerable.Repeat(1.0, 100).ToArray()));
        var transition = new NutsTransition(hamiltonian, new Xoshiro256(1), 10) { StepSize = 0.1 };
        var point = new PhasePoint(100);
        hamiltonian.Evaluate(point);
        for (var i = 0; i < 200; i++)
        {
            transition.Transition(point);
        }

        long leapfrogs = 0;
        var cpu = Process.GetCurrentProcess().UserProcessorTime;
        for (var i = 0; i < transitions; i++)
        {
            leapfrogs += transition.Transition(point).Leapfrogs;
        }

        var micro = (Process.GetCurrentProcess().UserProcessorTime - cpu).TotalMicroseconds;
        Console.WriteLine($"{leapfrogs / (double)transitions:F1} leapfrogs per transition, {micro / leapfrogs:F3} µs (CPU) per leapfrog");
        return 0;
    }
}
