using MisterP.Numerics;

namespace MisterP.Inference.Hamiltonian;

/// <summary>
/// A Euclidean metric (mass matrix M) for Hamiltonian Monte Carlo: kinetic energy ½ pᵀM⁻¹p, the velocity M⁻¹p
/// (Stan's dtau_dp, the "p sharp" of the U-turn criterion), and momentum draws p ~ N(0, M) (Betancourt 2017, §4).
/// </summary>
public interface IEuclideanMetric
{
    int Dimension { get; }

    double Kinetic(ReadOnlySpan<double> momentum);

    void Velocity(ReadOnlySpan<double> momentum, Span<double> velocity);

    void SampleMomentum(Xoshiro256 random, Span<double> momentum);

    /// <summary>Diagonal of M⁻¹ (reported in CmdStan files and model.json).</summary>
    double[] InverseDiagonal { get; }
}
