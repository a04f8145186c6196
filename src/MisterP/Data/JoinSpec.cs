namespace MisterP.Data;

/// <summary><c>--join FILE --on KEY</c>: add the columns of <paramref name="File"/> (group-level predictors) matched on <paramref name="Keys"/>.</summary>
public sealed record JoinSpec(string File, IReadOnlyList<string> Keys);
