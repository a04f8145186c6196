namespace MisterP.Workflow;

/// <summary>The built-in demo scenarios, by <c>--scenario</c> name.</summary>
public static class DemoScenarios
{
    public static IReadOnlyList<IDemoScenario> All { get; } = [new SaasDemo(), new StatesDemo(), new WavesDemo(), new NpsDemo()];

    public static IDemoScenario Saas => All[0];

    public static IDemoScenario States => All[1];

    public static IDemoScenario Waves => All[2];

    public static IDemoScenario Nps => All[3];

    public static IDemoScenario Named(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UserInputException(
            $"--scenario '{name}' is not a built-in scenario; use one of: {string.Join(", ", All.Select(s => $"{s.Name} ({s.Title})"))}.");
}
