using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MisterP.Design;

namespace MisterP.Models;

/// <summary>
/// How η = offset + Σ components is computed over cells, and how dℓ/dη flows back to θ = (β, u₁, …, u_K) (DESIGN §2),
/// with the components regrouped by <see cref="PredictorBlockPlanner"/>: keyed blocks are evaluated once per key and
/// gathered per cell, dense fixed-effect columns run as vector operations, anything else per cell. Cells are stored
/// sorted by their block keys, so the first block is a run of contiguous segments (a broadcast forward, a contiguous
/// sum backward) and the others are visited in increasing key order within each segment. Arrays are padded to a
/// whole number of SIMD vectors with cells of zero weight. Immutable; per-chain buffers are the caller's.
/// </summary>
internal sealed class LinearPredictorPlan
{
    private readonly int[] _denseIndex;
    private readonly double[][] _denseColumns;
    private readonly int[][] _directIndex;
    private readonly double[][] _directMultiplier;
    private readonly KeyedBlock[] _blocks;
    private readonly int[] _segmentStart;
    private readonly double[]? _offset;

    // Whole 512-bit vectors (and so whole Vector<double>s of any width up to that).
    private const int PaddingMultiple = 8;

    public LinearPredictorPlan(ModelDesign design, double[] columnMeans, int[] groupOffsets, int thetaLength)
    {
        CellCount = design.CellCount;
        PaddedCount = (CellCount + PaddingMultiple - 1) / PaddingMultiple * PaddingMultiple;
        ThetaLength = thetaLength;
        var components = PredictorComponent.FromDesign(design, columnMeans, groupOffsets);
        var (keyed, direct) = PredictorBlockPlanner.Plan(components, CellCount);
        // Fewest keys first: the longest segments.
        keyed.Sort((a, b) => a.KeyCount.CompareTo(b.KeyCount));
        Order = SortedOrder(keyed, CellCount);
        _blocks = keyed.Select(b => KeyedBlock.Create(b, components, Order)).ToArray();
        _segmentStart = _blocks.Length > 0 ? Segments(_blocks[0]) : [];
        var dense = direct.Where(c => components[c].IsFixedColumn).ToList();
        _denseIndex = dense.Select(c => components[c].Index[0]).ToArray();
        _denseColumns = dense.Select(c => Permute(components[c].Multiplier)).ToArray();
        var perCell = direct.Where(c => !components[c].IsFixedColumn).ToList();
        _directIndex = perCell.Select(c => Order.Select(i => components[c].Index[i]).ToArray()).ToArray();
        _directMultiplier = perCell.Select(c => Order.Select(i => components[c].Multiplier[i]).ToArray()).ToArray();
        _offset = design.Response.Offset is { } offset ? Permute(offset) : null;
    }

    public int CellCount { get; }

    /// <summary>Length of the per-cell arrays: <see cref="CellCount"/> rounded up to whole SIMD vectors (of up to 8 doubles).</summary>
    public int PaddedCount { get; }

    public int ThetaLength { get; }

    /// <summary>Original cell of each stored position.</summary>
    public int[] Order { get; }

    /// <summary>Number of keyed blocks.</summary>
    public int BlockCount => _blocks.Length;

    /// <summary>Shape of the plan, e.g. "blocks 50×2, 240×7; dense 0; per cell 0" (for tests and benchmarks).</summary>
    public string Description =>
        $"blocks {string.Join(", ", _blocks.Select(b => $"{b.KeyCount}×{b.Width}"))}; dense {_denseColumns.Length}; per cell {_directIndex.Length}";

    /// <summary>Per-cell values in stored order, padded with <paramref name="padding"/>.</summary>
    public double[] Permute(double[] values, double padding = 0)
    {
        var result = new double[PaddedCount];
        for (var i = 0; i < CellCount; i++)
        {
            result[i] = values[Order[i]];
        }

        Array.Fill(result, padding, CellCount, PaddedCount - CellCount);
        return result;
    }

    /// <summary>One buffer per keyed block (its values forward, its gradient backward).</summary>
    public double[][] NewBlockBuffers() => _blocks.Select(b => new double[b.KeyCount]).ToArray();

    /// <summary>η over the padded cells from θ; <paramref name="blockValues"/> is scratch.</summary>
    public void Forward(ReadOnlySpan<double> theta, double[][] blockValues, Span<double> eta)
    {
        // Offset and dense columns first; the first two blocks are then added in one pass (or written, when there is
        // nothing before them), the rest in one gather pass each.
        var accumulate = _offset is not null || _denseColumns.Length > 0;
        if (_offset is null)
        {
            eta.Clear();
        }
        else
        {
            _offset.CopyTo(eta);
        }

        for (var d = 0; d < _denseColumns.Length; d++)
        {
            TensorPrimitives.MultiplyAdd(_denseColumns[d], theta[_denseIndex[d]], eta, eta);
        }

        for (var b = 0; b < _blocks.Length; b++)
        {
            _blocks[b].Evaluate(theta, blockValues[b]);
        }

        ref var e = ref MemoryMarshal.GetReference(eta);
        if (_blocks.Length == 1)
        {
            AddSegments(blockValues[0], ref e);
        }
        else if (_blocks.Length > 1)
        {
            // Keys were checked against the block sizes when the plan was built.
            ref var second = ref MemoryMarshal.GetArrayDataReference(blockValues[1]);
            ref var key = ref MemoryMarshal.GetArrayDataReference(_blocks[1].CellKey);
            var first = blockValues[0];
            for (var s = 0; s < first.Length; s++)
            {
                var v = first[s];
                var end = _segmentStart[s + 1];
                for (var i = _segmentStart[s]; i < end; i++)
                {
                    ref var target = ref Unsafe.Add(ref e, i);
                    var sum = v + Unsafe.Add(ref second, Unsafe.Add(ref key, i));
                    target = accumulate ? target + sum : sum;
                }
            }
        }

        for (var b = 2; b < _blocks.Length; b++)
        {
            ref var v = ref MemoryMarshal.GetArrayDataReference(blockValues[b]);
            var key = _blocks[b].CellKey;
            for (var i = 0; i < key.Length; i++)
            {
                Unsafe.Add(ref e, i) += Unsafe.Add(ref v, key[i]);
            }
        }

        for (var d = 0; d < _directIndex.Length; d++)
        {
            var index = _directIndex[d];
            var multiplier = _directMultiplier[d];
            for (var i = 0; i < index.Length; i++)
            {
                Unsafe.Add(ref e, i) += multiplier[i] * theta[index[i]];
            }
        }
    }

    private void AddSegments(double[] values, ref double eta)
    {
        for (var s = 0; s < values.Length; s++)
        {
            var v = values[s];
            var end = _segmentStart[s + 1];
            for (var i = _segmentStart[s]; i < end; i++)
            {
                Unsafe.Add(ref eta, i) += v;
            }
        }
    }

    /// <summary>Adds ∂ℓ/∂θ = Σ_cells r·∂η/∂θ into <paramref name="gradient"/> (r zero on padding cells).</summary>
    public void Backward(ReadOnlySpan<double> r, double[][] blockGradients, Span<double> gradient)
    {
        for (var d = 0; d < _denseColumns.Length; d++)
        {
            gradient[_denseIndex[d]] += TensorPrimitives.Dot(_denseColumns[d], r);
        }

        ref var rr = ref MemoryMarshal.GetReference(r);
        if (_blocks.Length == 1)
        {
            var g = blockGradients[0];
            for (var s = 0; s < g.Length; s++)
            {
                g[s] = TensorPrimitives.Sum(r[_segmentStart[s].._segmentStart[s + 1]]);
            }
        }
        else if (_blocks.Length > 1)
        {
            // One pass: each segment's sum for the first block (two partial sums, to halve the dependency chain) and
            // the scatter-add for the second, whose keys increase within a segment so consecutive adds never collide.
            var firstGradient = blockGradients[0];
            var secondGradient = blockGradients[1];
            Array.Clear(secondGradient);
            ref var second = ref MemoryMarshal.GetArrayDataReference(secondGradient);
            ref var key = ref MemoryMarshal.GetArrayDataReference(_blocks[1].CellKey);
            for (var s = 0; s < firstGradient.Length; s++)
            {
                var end = _segmentStart[s + 1];
                var i = _segmentStart[s];
                double even = 0, odd = 0;
                for (; i + 1 < end; i += 2)
                {
                    var r0 = Unsafe.Add(ref rr, i);
                    var r1 = Unsafe.Add(ref rr, i + 1);
                    even += r0;
                    odd += r1;
                    Unsafe.Add(ref second, Unsafe.Add(ref key, i)) += r0;
                    Unsafe.Add(ref second, Unsafe.Add(ref key, i + 1)) += r1;
                }

                if (i < end)
                {
                    var r0 = Unsafe.Add(ref rr, i);
                    even += r0;
                    Unsafe.Add(ref second, Unsafe.Add(ref key, i)) += r0;
                }

                firstGradient[s] = even + odd;
            }
        }

        for (var b = 2; b < _blocks.Length; b++)
        {
            var gb = blockGradients[b];
            Array.Clear(gb);
            ref var g = ref MemoryMarshal.GetArrayDataReference(gb);
            var key = _blocks[b].CellKey;
            for (var i = 0; i < key.Length; i++)
            {
                Unsafe.Add(ref g, key[i]) += Unsafe.Add(ref rr, i);
            }
        }

        for (var d = 0; d < _directIndex.Length; d++)
        {
            var index = _directIndex[d];
            var multiplier = _directMultiplier[d];
            for (var i = 0; i < index.Length; i++)
            {
                gradient[index[i]] += multiplier[i] * Unsafe.Add(ref rr, i);
            }
        }

        for (var b = 0; b < _blocks.Length; b++)
        {
            _blocks[b].Backward(blockGradients[b], gradient);
        }
    }

    /// <summary>Cells sorted by their keys block by block (ties by original position, so the order is total).</summary>
    private static int[] SortedOrder(List<PredictorBlockPlanner.Block> blocks, int cells)
    {
        var order = Enumerable.Range(0, cells).ToArray();
        Array.Sort(order, (x, y) =>
        {
            foreach (var b in blocks)
            {
                var c = b.Key[x].CompareTo(b.Key[y]);
                if (c != 0)
                {
                    return c;
                }
            }

            return x.CompareTo(y);
        });
        return order;
    }

    /// <summary>Start of each key's run of cells (the first block's keys are sorted).</summary>
    private static int[] Segments(KeyedBlock first)
    {
        var start = new int[first.KeyCount + 1];
        var key = first.CellKey;
        for (var i = 0; i < key.Length; i++)
        {
            start[key[i] + 1]++;
        }

        for (var s = 0; s < first.KeyCount; s++)
        {
            start[s + 1] += start[s];
        }

        return start;
    }

    /// <summary>A keyed block in stored cell order: per key, its components' θ index and multiplier.</summary>
    private sealed class KeyedBlock
    {
        private KeyedBlock(int keyCount, int[] cellKey, int width, int[] termIndex, double[] termMultiplier)
        {
            KeyCount = keyCount;
            CellKey = cellKey;
            Width = width;
            TermIndex = termIndex;
            TermMultiplier = termMultiplier;
        }

        public int KeyCount { get; }

        /// <summary>Key of each stored cell (real cells only).</summary>
        public int[] CellKey { get; }

        public int Width { get; }

        public int[] TermIndex { get; }

        public double[] TermMultiplier { get; }

        public static KeyedBlock Create(PredictorBlockPlanner.Block block, List<PredictorComponent> components, int[] order)
        {
            var width = block.Components.Count;
            var index = new int[block.KeyCount * width];
            var multiplier = new double[block.KeyCount * width];
            var cellKey = new int[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                var cell = order[i];
                var key = block.Key[cell];
                if ((uint)key >= (uint)block.KeyCount)
                {
                    throw new InvalidOperationException("A block key is out of range.");
                }

                cellKey[i] = key;
                for (var t = 0; t < width; t++)
                {
                    var component = components[block.Components[t]];
                    index[key * width + t] = component.Index[cell];
                    multiplier[key * width + t] = component.Multiplier[cell];
                }
            }

            return new KeyedBlock(block.KeyCount, cellKey, width, index, multiplier);
        }

        public void Evaluate(ReadOnlySpan<double> theta, double[] values)
        {
            for (var key = 0; key < KeyCount; key++)
            {
                var v = 0.0;
                for (var t = key * Width; t < (key + 1) * Width; t++)
                {
                    v += TermMultiplier[t] * theta[TermIndex[t]];
                }

                values[key] = v;
            }
        }

        public void Backward(double[] keyGradient, Span<double> gradient)
        {
            for (var key = 0; key < KeyCount; key++)
            {
                var g = keyGradient[key];
                for (var t = key * Width; t < (key + 1) * Width; t++)
                {
                    gradient[TermIndex[t]] += TermMultiplier[t] * g;
                }
            }
        }
    }
}
