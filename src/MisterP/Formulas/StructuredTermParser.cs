namespace MisterP.Formulas;

/// <summary>
/// Reads the structured group terms out of a call: <c>rw1(g)</c>, <c>rw2(g)</c>, <c>ar1(g)</c>,
/// <c>rw1(g, by = f)</c>, <c>icar(g, adjacency = "FILE")</c>, <c>bym2(g, adjacency = "FILE")</c> and brms's
/// <c>car(W, gr = g, type = "bym2" | "icar")</c>. Each becomes a varying intercept over g with a
/// <see cref="StructureSpec"/>; everything else stays an ordinary predictor call.
/// </summary>
internal static class StructuredTermParser
{
    private static readonly Dictionary<string, StructureKind> Kinds = new(StringComparer.Ordinal)
    {
        ["rw1"] = StructureKind.Rw1,
        ["rw2"] = StructureKind.Rw2,
        ["ar1"] = StructureKind.Ar1,
        ["icar"] = StructureKind.Icar,
        ["bym2"] = StructureKind.Bym2,
    };

    public static bool IsStructured(Expr expression) =>
        expression is CallExpr call && (Kinds.ContainsKey(call.Function) || call.Function == "car");

    /// <param name="error">Builds the caret error at a formula position.</param>
    public static GroupTerm ToGroupTerm(CallExpr call, Func<int, string, Exception> error) =>
        call.Function == "car" ? FromCar(call, error) : FromShort(call, Kinds[call.Function], error);

    private static GroupTerm FromShort(CallExpr call, StructureKind kind, Func<int, string, Exception> error)
    {
        var name = call.Function;
        var usage = kind switch
        {
            StructureKind.Icar or StructureKind.Bym2 => $"{name}(state, adjacency = \"adjacency.csv\")",
            StructureKind.Ar1 => $"{name}(month)",
            _ => $"{name}(month) or {name}(month, by = plan)",
        };
        if (call.Arguments is not [VariableExpr group])
        {
            throw error(call.Position, $"{name}() takes one grouping column: write {usage}.");
        }

        var allowed = kind switch
        {
            StructureKind.Icar or StructureKind.Bym2 => new[] { "adjacency" },
            StructureKind.Rw1 or StructureKind.Rw2 => ["by"],
            _ => [],
        };
        if (call.Named.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } unknown)
        {
            throw error(call.Named[unknown].Position, $"{name}() has no argument '{unknown}': write {usage}.");
        }

        string? adjacency = null;
        if (kind is StructureKind.Icar or StructureKind.Bym2)
        {
            if (!call.Named.TryGetValue("adjacency", out var file) || file is not StringExpr path || path.Value.Length == 0)
            {
                throw error(call.Position, $"{name}() needs the neighbour graph as an edge-list CSV: write {usage}.");
            }

            adjacency = path.Value;
        }

        string? by = null;
        if (call.Named.TryGetValue("by", out var byExpr))
        {
            by = byExpr is VariableExpr v ? v.Name : throw error(byExpr.Position, $"by = takes a column name: write {name}({group.Name}, by = plan).");
            if (by == group.Name)
            {
                throw error(byExpr.Position, $"{name}({group.Name}, by = {by}) walks over '{group.Name}' within each level of itself; give another column to by =.");
            }
        }

        // A by-walk is a term over by × group: its levels are plan_month as (1 | plan:month)'s are, so poststrat finds a frame row's effect the same way.
        return new GroupTerm(by is null ? [group.Name] : [by, group.Name], true, [], false) { Structure = new StructureSpec(kind, adjacency, by) };
    }

    /// <summary>brms: <c>car(M, gr = state, type = "bym2")</c>; the matrix name M is bound by <c>--adjacency M=FILE</c>.</summary>
    private static GroupTerm FromCar(CallExpr call, Func<int, string, Exception> error)
    {
        const string usage = "car(W, gr = state, type = \"bym2\") with --adjacency W=FILE";
        if (call.Arguments is not [VariableExpr matrix])
        {
            throw error(call.Position, $"car() takes the adjacency's name first: write {usage}.");
        }

        if (!call.Named.TryGetValue("gr", out var gr) || gr is not VariableExpr group)
        {
            throw error(call.Position, $"car() needs gr = the grouping column: write {usage}.");
        }

        var kind = StructureKind.Bym2;
        if (call.Named.TryGetValue("type", out var typeExpr))
        {
            kind = typeExpr is StringExpr { Value: "bym2" } ? StructureKind.Bym2
                : typeExpr is StringExpr { Value: "icar" } ? StructureKind.Icar
                : throw error(typeExpr.Position, "car() supports type = \"bym2\" and type = \"icar\" (brms's escar and esicar are not available).");
        }
        else
        {
            // brms's default type is "escar", a proper CAR that MisterP does not implement: ask for an explicit choice.
            throw error(call.Position, $"car() needs type = \"bym2\" or type = \"icar\" (brms's default, escar, is not available): write {usage}.");
        }

        if (call.Named.Keys.FirstOrDefault(k => k is not ("gr" or "type")) is { } unknown)
        {
            throw error(call.Named[unknown].Position, $"car() has no argument '{unknown}' here: write {usage}.");
        }

        return new GroupTerm([group.Name], true, [], false)
        {
            Structure = new StructureSpec(kind, matrix.Name) { AdjacencyIsName = true },
        };
    }
}
