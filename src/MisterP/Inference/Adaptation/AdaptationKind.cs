namespace MisterP.Inference.Adaptation;

/// <summary>How warmup adapts the step size and metric (<c>--adapt</c>).</summary>
public enum AdaptationKind
{
    /// <summary>Stan's windowed adaptation: the metric from the draws of slow windows doubling from 25 (<see cref="StanWindowedAdaptation"/>).</summary>
    Stan,

    /// <summary>The metric from draws and gradients together, updated every iteration over growing windows (<see cref="DrawGradientAdaptation"/>).</summary>
    Fast,
}
