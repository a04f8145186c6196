namespace MisterP.Design.Structured;

/// <summary>
/// An undirected simple graph over a group term's levels (0 … n − 1): the neighbours of an ICAR/BYM2 term, or the
/// chain of an ordered factor. Neighbour lists are stored flat (CSR) so every pass over it is O(levels + edges).
/// </summary>
public sealed class LevelGraph
{
    public LevelGraph(int nodeCount, IEnumerable<(int A, int B)> edges)
    {
        NodeCount = nodeCount;
        var unique = new HashSet<(int, int)>();
        foreach (var (a, b) in edges)
        {
            if (a == b || a < 0 || b < 0 || a >= nodeCount || b >= nodeCount)
            {
                throw new ArgumentException($"Edge ({a}, {b}) is a self-loop or outside 0 … {nodeCount - 1}.");
            }

            unique.Add(a < b ? (a, b) : (b, a));
        }

        Edges = unique.Order().ToArray();
        var degree = new int[nodeCount];
        foreach (var (a, b) in Edges)
        {
            degree[a]++;
            degree[b]++;
        }

        NeighbourStart = new int[nodeCount + 1];
        for (var i = 0; i < nodeCount; i++)
        {
            NeighbourStart[i + 1] = NeighbourStart[i] + degree[i];
        }

        Neighbours = new int[NeighbourStart[nodeCount]];
        var fill = NeighbourStart[..nodeCount];
        foreach (var (a, b) in Edges)
        {
            Neighbours[fill[a]++] = b;
            Neighbours[fill[b]++] = a;
        }

        (Component, ComponentCount) = Components();
    }

    public int NodeCount { get; }

    /// <summary>Each undirected edge once, as (smaller, larger).</summary>
    public IReadOnlyList<(int A, int B)> Edges { get; }

    public int EdgeCount => Edges.Count;

    /// <summary>Node i's neighbours are <c>Neighbours[NeighbourStart[i] .. NeighbourStart[i + 1]]</c>.</summary>
    public int[] NeighbourStart { get; }

    public int[] Neighbours { get; }

    /// <summary>Connected component of each node, numbered in order of first node.</summary>
    public int[] Component { get; }

    public int ComponentCount { get; }

    public int Degree(int node) => NeighbourStart[node + 1] - NeighbourStart[node];

    /// <summary>Nodes without neighbours.</summary>
    public IReadOnlyList<int> Islands => Enumerable.Range(0, NodeCount).Where(i => Degree(i) == 0).ToList();

    /// <summary>The chain 0 – 1 – … – (n − 1) of an ordered factor.</summary>
    public static LevelGraph Path(int nodeCount) => new(nodeCount, Enumerable.Range(0, Math.Max(0, nodeCount - 1)).Select(i => (i, i + 1)));

    /// <summary>
    /// <paramref name="walks"/> disjoint chains of <paramref name="length"/> nodes, chain w on nodes w·length … (w + 1)·length − 1:
    /// <c>rw1(month, by = plan)</c>, one walk over the months per plan.
    /// </summary>
    public static LevelGraph Paths(int walks, int length) =>
        new(walks * length, Enumerable.Range(0, walks).SelectMany(w => Enumerable.Range(0, Math.Max(0, length - 1)).Select(t => (w * length + t, w * length + t + 1))));

    private (int[] Component, int Count) Components()
    {
        var component = Enumerable.Repeat(-1, NodeCount).ToArray();
        var count = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < NodeCount; start++)
        {
            if (component[start] >= 0)
            {
                continue;
            }

            component[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                for (var e = NeighbourStart[i]; e < NeighbourStart[i + 1]; e++)
                {
                    if (component[Neighbours[e]] < 0)
                    {
                        component[Neighbours[e]] = count;
                        stack.Push(Neighbours[e]);
                    }
                }
            }

            count++;
        }

        return (component, count);
    }
}
