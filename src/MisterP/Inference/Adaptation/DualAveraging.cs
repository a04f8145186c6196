namespace MisterP.Inference.Adaptation;

/// <summary>
/// Nesterov dual averaging of log step size towards a target acceptance statistic (Hoffman &amp; Gelman 2014, §3.2),
/// with Stan's constants γ = 0.05, κ = 0.75, t₀ = 10 and μ = log(10ε₀).
/// </summary>
public sealed class DualAveraging(double targetAccept, double gamma = 0.05, double kappa = 0.75, double t0 = 10)
{
    private double _counter;
    private double _sBar;
    private double _xBar;

    public double Mu { get; set; }

    public void Restart()
    {
        _counter = 0;
        _sBar = 0;
        _xBar = 0;
    }

    /// <summary>Returns the next step size given the last transition's acceptance statistic.</summary>
    public double Learn(double acceptStat)
    {
        _counter++;
        acceptStat = Math.Min(acceptStat, 1);
        var eta = 1 / (_counter + t0);
        _sBar = (1 - eta) * _sBar + eta * (targetAccept - acceptStat);
        var x = Mu - _sBar * Math.Sqrt(_counter) / gamma;
        var xEta = Math.Pow(_counter, -kappa);
        _xBar = (1 - xEta) * _xBar + xEta * x;
        return Math.Exp(x);
    }

    /// <summary>The step size used after warmup: exp of the averaged iterate.</summary>
    public double Final => Math.Exp(_xBar);
}
