namespace MisterP.Design;

/// <summary>
/// Remembers a value per distinct combination of a row's factor texts, so work keyed by the combination (joining an
/// interaction's level text, looking it up) runs once per combination instead of once per row. Each factor's texts
/// get small codes in first-seen order; a row's combination is their mixed-radix number.
/// </summary>
internal sealed class LevelCombinations
{
    private readonly int[][] _codes;
    private readonly long[] _radix;
    private readonly bool _enabled = true;
    private readonly Dictionary<long, int> _values = [];
    private long _pending;

    public LevelCombinations(IReadOnlyList<string[]> texts)
    {
        _codes = new int[texts.Count][];
        _radix = new long[texts.Count];
        var combinations = 1.0;
        for (var f = 0; f < texts.Count; f++)
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var codes = _codes[f] = new int[texts[f].Length];
            for (var i = 0; i < codes.Length; i++)
            {
                if (!ids.TryGetValue(texts[f][i], out codes[i]))
                {
                    codes[i] = ids[texts[f][i]] = ids.Count;
                }
            }

            _radix[f] = Math.Max(1, ids.Count);
            combinations *= _radix[f];
        }

        // Too many combinations for one long key (many factors with many levels each): nothing is remembered.
        _enabled = combinations < long.MaxValue / 2;
    }

    /// <summary>The value remembered for row <paramref name="row"/>'s combination; otherwise false, and <see cref="Remember"/> stores one for it.</summary>
    public bool Seen(int row, out int value)
    {
        value = 0;
        if (!_enabled)
        {
            return false;
        }

        var key = 0L;
        for (var f = 0; f < _codes.Length; f++)
        {
            key = key * _radix[f] + _codes[f][row];
        }

        _pending = key;
        return _values.TryGetValue(key, out value);
    }

    /// <summary>Stores <paramref name="value"/> for the combination the last <see cref="Seen"/> did not find.</summary>
    public void Remember(int value)
    {
        if (_enabled)
        {
            _values[_pending] = value;
        }
    }
}
