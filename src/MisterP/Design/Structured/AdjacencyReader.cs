using MisterP.Data;

namespace MisterP.Design.Structured;

/// <summary>
/// Reads an edge-list adjacency CSV: the first two columns of each row are two neighbouring areas, any header names
/// (the first row is the header), further columns ignored. Both directions must be listed (a one-way edge is usually
/// a typo) unless <c>--symmetrize</c> is given; an area listed as its own neighbour is an error.
/// </summary>
internal static class AdjacencyReader
{
    public static List<(string A, string B)> Read(string path, bool symmetrize)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"Adjacency file '{path}' not found. Give an edge-list CSV whose first two columns are neighbouring areas (e.g. state,neighbor).");
        }

        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2)
        {
            throw new UserInputException($"Adjacency file '{path}' has no edges: after the header, each row should name two neighbouring areas.");
        }

        var edges = new List<(string, string)>();
        for (var r = 1; r < lines.Count; r++)
        {
            var parts = lines[r].Split(',').Select(p => p.Trim().Trim('"')).ToArray();
            if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new UserInputException($"Adjacency file '{path}', line {r + 1}: '{lines[r]}' has fewer than two columns; each row names two neighbouring areas, e.g. CA,OR.");
            }

            if (parts[0] == parts[1])
            {
                throw new UserInputException($"Adjacency file '{path}', line {r + 1}: area '{parts[0]}' is listed as its own neighbour; remove the row.");
            }

            edges.Add((parts[0], parts[1]));
        }

        var set = edges.ToHashSet();
        var oneWay = edges.Where(e => !set.Contains((e.Item2, e.Item1))).ToList();
        if (oneWay.Count > 0 && !symmetrize)
        {
            throw new UserInputException(
                $"Adjacency file '{path}' lists {oneWay.Count} edge(s) in one direction only, e.g. {string.Join(", ", oneWay.Take(5).Select(e => $"{e.Item1}→{e.Item2}"))}. " +
                "List every edge both ways, or pass --symmetrize to treat each row as an undirected edge.");
        }

        return edges;
    }
}
