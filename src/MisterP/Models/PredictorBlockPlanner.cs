namespace MisterP.Models;

/// <summary>
/// Groups the components of η into keyed blocks whose sum depends only on a small key per cell. MRP cells are
/// combinations of a few categorical variables, so e.g. everything demographic (eth, educ, male:eth, educ:age, …)
/// takes at most a few hundred distinct values and everything state-level (state effect, repvote) fifty: η of a
/// cell is then the sum of two table look-ups instead of one gather per term, and the backward pass scatters once
/// per block instead of once per term. Greedy agglomeration under a simple cost model (per-cell work versus
/// per-key work) decides which components share a block; what is left runs per cell.
/// </summary>
internal static class PredictorBlockPlanner
{
    // Rough relative costs (instructions): a keyed block per cell (gather forward, scatter backward), a component per
    // key of its block, a dense fixed-effect column per cell (vectorized multiply-add and dot product), and a group
    // component evaluated per cell (gather, multiply, scatter).
    private const double PerCellBlock = 4;
    private const double PerKeyComponent = 4;
    private const double PerCellDenseColumn = 1;
    private const double PerCellDirectComponent = 5;

    // Composite keys are numbered through a dense table when the product of the key counts is at most this.
    private const long DenseCompositeLimit = 1 << 22;

    /// <summary>A set of components (indices into the component list) and its key per cell.</summary>
    internal sealed class Block(List<int> components, int[] key, int keyCount)
    {
        public List<int> Components { get; } = components;

        public int[] Key { get; } = key;

        public int KeyCount { get; } = keyCount;
    }

    /// <summary>The keyed blocks and the components evaluated cell by cell.</summary>
    public static (List<Block> Keyed, List<int> Direct) Plan(IReadOnlyList<PredictorComponent> components, int cells)
    {
        var blocks = new List<Block>();
        for (var c = 0; c < components.Count; c++)
        {
            var key = components[c].NaturalKey(out var count);
            blocks.Add(new Block([c], key, count));
        }

        double Cost(Block b) => b.Components.Count == 1 ? SingletonCost(components[b.Components[0]], b.KeyCount, cells) : KeyedCost(b.Components.Count, b.KeyCount, cells);

        // Merged key counts are cached per pair and recomputed only for pairs involving a new block.
        var merged = new Dictionary<(Block, Block), Block>();
        Block Merge(Block a, Block b)
        {
            if (!merged.TryGetValue((a, b), out var m))
            {
                var key = Compose(a.Key, a.KeyCount, b.Key, b.KeyCount, out var count);
                m = new Block([.. a.Components, .. b.Components], key, count);
                merged[(a, b)] = m;
            }

            return m;
        }

        while (true)
        {
            var best = 0.0;
            (int A, int B, Block Merged)? choice = null;
            for (var a = 0; a < blocks.Count; a++)
            {
                for (var b = a + 1; b < blocks.Count; b++)
                {
                    var m = Merge(blocks[a], blocks[b]);
                    var delta = KeyedCost(m.Components.Count, m.KeyCount, cells) - Cost(blocks[a]) - Cost(blocks[b]);
                    if (delta < best)
                    {
                        best = delta;
                        choice = (a, b, m);
                    }
                }
            }

            if (choice is not { } chosen)
            {
                break;
            }

            blocks[chosen.A] = chosen.Merged;
            blocks.RemoveAt(chosen.B);
        }

        var keyed = new List<Block>();
        var direct = new List<int>();
        foreach (var b in blocks)
        {
            if (b.Components.Count == 1 && DirectCost(components[b.Components[0]], cells) <= KeyedCost(1, b.KeyCount, cells))
            {
                direct.Add(b.Components[0]);
            }
            else
            {
                keyed.Add(b);
            }
        }

        return (keyed, direct);
    }

    private static double KeyedCost(int componentCount, int keyCount, int cells) => PerCellBlock * cells + PerKeyComponent * keyCount * componentCount;

    private static double DirectCost(PredictorComponent component, int cells) =>
        (component.IsFixedColumn ? PerCellDenseColumn : PerCellDirectComponent) * cells;

    private static double SingletonCost(PredictorComponent component, int keyCount, int cells) =>
        Math.Min(DirectCost(component, cells), KeyedCost(1, keyCount, cells));

    /// <summary>Numbers the distinct pairs (a[i], b[i]) in order of first appearance.</summary>
    internal static int[] Compose(int[] a, int countA, int[] b, int countB, out int count)
    {
        var key = new int[a.Length];
        count = 0;
        if ((long)countA * countB <= DenseCompositeLimit)
        {
            var table = new int[countA * countB];
            Array.Fill(table, -1);
            for (var i = 0; i < a.Length; i++)
            {
                ref var slot = ref table[a[i] * countB + b[i]];
                if (slot < 0)
                {
                    slot = count++;
                }

                key[i] = slot;
            }

            return key;
        }

        var seen = new Dictionary<long, int>();
        for (var i = 0; i < a.Length; i++)
        {
            var pair = (long)a[i] * countB + b[i];
            if (!seen.TryGetValue(pair, out var k))
            {
                k = seen.Count;
                seen.Add(pair, k);
            }

            key[i] = k;
        }

        count = seen.Count;
        return key;
    }
}
