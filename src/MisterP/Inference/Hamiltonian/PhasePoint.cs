namespace MisterP.Inference.Hamiltonian;

/// <summary>A point in phase space: position, momentum, and the log density with its gradient at the position.</summary>
public sealed class PhasePoint(int dimension)
{
    public double[] Position { get; } = new double[dimension];

    public double[] Momentum { get; } = new double[dimension];

    public double[] Gradient { get; } = new double[dimension];

    public double LogDensity { get; set; }

    public void CopyFrom(PhasePoint other)
    {
        Array.Copy(other.Position, Position, Position.Length);
        Array.Copy(other.Momentum, Momentum, Momentum.Length);
        Array.Copy(other.Gradient, Gradient, Gradient.Length);
        LogDensity = other.LogDensity;
    }
}
