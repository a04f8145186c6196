using System.Text.RegularExpressions;
using Xunit;

namespace MisterP.Tests.Architecture;

/// <summary>
/// Layers flow one way (DESIGN §1): no folder of src/MisterP references a folder later in <see cref="Layers"/>. A
/// reference is a <c>using MisterP.X</c> directive, a qualified <c>MisterP.X.</c> name (code or doc comment), or a
/// namespace-relative <c>X.Type</c> naming a type declared in folder X.
/// </summary>
public partial class LayeringTests
{
    /// <summary>
    /// The order, lowest first. Two places refine DESIGN §1: Families (the family/link vocabulary and per-cell
    /// likelihood kernels, functions of y, n and η only) sits below Design, which needs the family to load and
    /// aggregate the response; and Posterior (the draws container and its diagnostics, which need nothing) sits below
    /// Inference, which fills it.
    /// </summary>
    public static readonly string[] Layers =
    [
        "Numerics", "Data", "Formulas", "Families", "Design", "Priors", "Models", "Posterior", "Inference",
        "Poststrat", "Frames", "Checking", "Compare", "Interpretation", "Simulation", "Output", "Plots", "Reports", "Workflow", "Batch",
    ];

    [Fact]
    public void NoLayerReferencesAHigherOne()
    {
        var root = SourceRoot();
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        Assert.True(folders.All(f => Layers.Contains(f)), $"Folders missing from the layer order: {string.Join(", ", folders.Except(Layers))}");
        var files = Layers.ToDictionary(l => l, l => Directory.GetFiles(Path.Combine(root, l), "*.cs", SearchOption.AllDirectories).ToList());
        var types = files.ToDictionary(f => f.Key, f => f.Value.SelectMany(p => DeclaredTypes(File.ReadAllText(p))).ToHashSet(StringComparer.Ordinal));
        var violations = files.SelectMany(f => f.Value.SelectMany(path =>
            Violations(f.Key, File.ReadAllText(path), types).Select(v => $"{Path.GetRelativePath(root, path)} → {v}"))).ToList();
        Assert.True(violations.Count == 0, "Upward references:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("Families", "using MisterP.Design;\nnamespace MisterP.Families;", "Design")]
    [InlineData("Data", "/// <see cref=\"MisterP.Plots.Figure\"/>", "Plots")]
    [InlineData("Inference", "var x = Poststrat.GroupingSet.Everyone;", "Poststrat")]
    [InlineData("Plots", "using MisterP.Data;\nvar s = Poststrat.GroupingSet.Everyone;", null)]
    public void TheCheckFindsEachKindOfReference(string layer, string source, string? expected)
    {
        var types = new Dictionary<string, HashSet<string>> { ["Poststrat"] = ["GroupingSet"] };
        var found = Violations(layer, source, types).ToList();
        if (expected is null)
        {
            Assert.Empty(found);
        }
        else
        {
            Assert.Contains(found, v => v.StartsWith(expected, StringComparison.Ordinal));
        }
    }

    private static IEnumerable<string> Violations(string layer, string source, IReadOnlyDictionary<string, HashSet<string>> types)
    {
        var rank = Array.IndexOf(Layers, layer);
        var referenced = Qualified().Matches(source).Select(m => m.Groups[1].Value)
            .Concat(Relative().Matches(source)
                .Where(m => types.TryGetValue(m.Groups[1].Value, out var declared) && declared.Contains(m.Groups[2].Value))
                .Select(m => m.Groups[1].Value))
            .Distinct();
        return referenced.Where(r => Array.IndexOf(Layers, r) > rank).Select(r => $"{r} (above {layer})");
    }

    private static IEnumerable<string> DeclaredTypes(string source) => TypeDeclaration().Matches(source).Select(m => m.Groups[1].Value);

    private static string SourceRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "MisterP");
            if (File.Exists(Path.Combine(candidate, "MisterP.csproj")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("src/MisterP not found above the test assembly.");
    }

    [GeneratedRegex(@"\bMisterP\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])([A-Z][A-Za-z]+)\.([A-Z][A-Za-z0-9]+)")]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+([A-Z][A-Za-z0-9]+)")]
    private static partial Regex TypeDeclaration();
}
