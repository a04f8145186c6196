using BenchmarkDotNet.Attributes;
using MisterP.Inference.Hamiltonian;
using MisterP.Inference.Nuts;
using MisterP.Numerics;

namespace MisterP.Bench;

/// <summary>One NUTS transition on the 100-dimensional standard normal with a unit metric and a typical step size.</summary>
[MemoryDiagnoser]
public class NutsTransitionBenchmark
{
    private NutsTransition _transition = null!;
    private PhasePoint _point = null!;

    [GlobalSetup]
    public void Setup()
    {
        var density = TargetModels.Create("normal100");
        var hamiltonian = new Hamiltonian(density, new DiagonalMetric(Enumerable.Repeat(1.0, 100).ToArray()));
        _transition = new NutsTransition(hamiltonian, new Xoshiro256(1), 10) { StepSize = 0.35 };
        _point = new PhasePoint(100);
        hamiltonian.Evaluate(_point);
    }

    [Benchmark]
    public int Transition() => _transition.Transition(_point).Leapfrogs;
}
