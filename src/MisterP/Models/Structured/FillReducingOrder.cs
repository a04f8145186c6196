namespace MisterP.Models.Structured;

/// <summary>
/// Reverse Cuthill–McKee ordering of a symmetric sparsity pattern (Cuthill &amp; McKee 1969; George &amp; Liu 1981,
/// ch. 4): breadth-first from a pseudo-peripheral node, neighbours by increasing degree, then reversed. It keeps the
/// nonzeros near the diagonal, so the Cholesky factor's envelope (where all fill lies) stays narrow: about √n wide
/// on a planar graph, a band of width 1 or 2 on a random walk's chain. O(levels + edges) per breadth-first pass.
/// </summary>
internal static class FillReducingOrder
{
    /// <summary>
    /// The order of a connected pattern given as neighbour lists (CSR, no diagonal): <c>order[k]</c> is the node
    /// placed k-th. A disconnected pattern is ordered component after component.
    /// </summary>
    public static int[] ReverseCuthillMcKee(int[] start, int[] neighbours)
    {
        var n = start.Length - 1;
        var order = new int[n];
        var placed = new bool[n];
        var count = 0;
        var levelOf = new int[n];
        for (var seed = 0; seed < n; seed++)
        {
            if (placed[seed])
            {
                continue;
            }

            var root = PseudoPeripheral(seed, start, neighbours, levelOf);
            var head = count;
            order[count++] = root;
            placed[root] = true;
            while (head < count)
            {
                var node = order[head++];
                var first = count;
                for (var e = start[node]; e < start[node + 1]; e++)
                {
                    var next = neighbours[e];
                    if (!placed[next])
                    {
                        placed[next] = true;
                        order[count++] = next;
                    }
                }

                // Newly reached neighbours by increasing degree (ties by index, so the order is deterministic).
                Array.Sort(order, first, count - first, Comparer<int>.Create((a, b) =>
                {
                    var byDegree = (start[a + 1] - start[a]).CompareTo(start[b + 1] - start[b]);
                    return byDegree != 0 ? byDegree : a.CompareTo(b);
                }));
            }
        }

        Array.Reverse(order);
        return order;
    }

    /// <summary>
    /// George &amp; Liu's heuristic: breadth-first from a node, move to a smallest-degree node of the last level while
    /// that deepens the level structure (a node of nearly maximal eccentricity, so the levels are many and thin).
    /// </summary>
    private static int PseudoPeripheral(int seed, int[] start, int[] neighbours, int[] levelOf)
    {
        var root = seed;
        var (depth, last) = Levels(root, start, neighbours, levelOf);
        while (true)
        {
            var candidate = last.OrderBy(v => start[v + 1] - start[v]).ThenBy(v => v).First();
            var (candidateDepth, candidateLast) = Levels(candidate, start, neighbours, levelOf);
            if (candidateDepth <= depth)
            {
                return root;
            }

            (root, depth, last) = (candidate, candidateDepth, candidateLast);
        }
    }

    /// <summary>Breadth-first level structure from <paramref name="root"/>: its depth and the nodes of its last level.</summary>
    private static (int Depth, List<int> Last) Levels(int root, int[] start, int[] neighbours, int[] levelOf)
    {
        var queue = new List<int> { root };
        var visited = new HashSet<int> { root };
        levelOf[root] = 0;
        for (var head = 0; head < queue.Count; head++)
        {
            var node = queue[head];
            for (var e = start[node]; e < start[node + 1]; e++)
            {
                if (visited.Add(neighbours[e]))
                {
                    levelOf[neighbours[e]] = levelOf[node] + 1;
                    queue.Add(neighbours[e]);
                }
            }
        }

        var depth = levelOf[queue[^1]];
        return (depth, queue.Where(v => levelOf[v] == depth).ToList());
    }
}
