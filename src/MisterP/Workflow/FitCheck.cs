using MisterP.Design;
using MisterP.Formulas;

namespace MisterP.Workflow;

/// <summary>A model checked but not fitted: what <c>mrp fit --check</c> reports (the design a fit would estimate).</summary>
public sealed record FitCheck(string DataDescription, Formula Formula, DesignResult Design, FitMethod Method);
