namespace MisterP.Inference.Adaptation;

/// <summary>
/// Stan's windowed warmup: an initial fast buffer (75), slow windows doubling from 25 with the last stretched to
/// the terminal fast buffer (50); short warmups use 15% / 75% / 10%; fewer than 20 iterations adapt no metric.
/// </summary>
public sealed class WindowSchedule
{
    private readonly int _warmup;
    private readonly int _initBuffer;
    private readonly int _termBuffer;
    private int _windowSize;
    private int _nextWindow;

    public WindowSchedule(int warmup, int initBuffer = 75, int termBuffer = 50, int baseWindow = 25)
    {
        _warmup = warmup;
        if (warmup >= 20 && initBuffer + baseWindow + termBuffer > warmup)
        {
            initBuffer = (int)(0.15 * warmup);
            termBuffer = (int)(0.1 * warmup);
            baseWindow = warmup - (initBuffer + termBuffer);
        }

        _initBuffer = initBuffer;
        _termBuffer = termBuffer;
        _windowSize = baseWindow;
        _nextWindow = initBuffer + baseWindow - 1;
    }

    /// <summary>Iterations after the last metric update that adapt only the step size.</summary>
    public int TerminalBuffer => _termBuffer;

    /// <summary>True when iteration <paramref name="i"/> (0-based) contributes to the metric estimate.</summary>
    public bool InWindow(int i) => i >= _initBuffer && i < _warmup - _termBuffer && i != _warmup;

    /// <summary>True for the last metric update (the end of the last slow window).</summary>
    public bool IsFinalUpdate(int i) => i == _warmup - _termBuffer - 1;

    /// <summary>True when the metric is updated after iteration <paramref name="i"/>; advances to the next window.</summary>
    public bool EndsWindow(int i)
    {
        if (i != _nextWindow || i == _warmup)
        {
            return false;
        }

        if (_nextWindow != _warmup - _termBuffer - 1)
        {
            _windowSize *= 2;
            _nextWindow = i + _windowSize;
            if (_nextWindow != _warmup - _termBuffer - 1 && _nextWindow + 2 * _windowSize >= _warmup - _termBuffer)
            {
                _nextWindow = _warmup - _termBuffer - 1;
            }
        }

        return true;
    }
}
