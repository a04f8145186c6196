using System.CommandLine;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp demo [--scenario saas|states] [--out DIR]</c>: the whole MRP workflow on a built-in simulated population.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the demo's data, fits, estimates and comparisons.", DefaultValueFactory = _ => "mrp-demo" };
        var scenario = new Option<string>("--scenario")
        {
            Description = string.Join("; ", DemoScenarios.All.Select(s => $"{s.Name}: {s.Title}")) + ".",
            DefaultValueFactory = _ => DemoScenarios.Saas.Name,
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the simulation, the sampler and post-stratification.", DefaultValueFactory = _ => 2026UL };
        var chains = new Option<int?>("--chains") { Description = "Sampler chains (default: the scenario's, 4)." };
        var warmup = new Option<int?>("--warmup") { Description = "Warmup iterations per chain (default: the scenario's)." };
        var draws = new Option<int?>("--draws") { Description = "Draws per chain (default: the scenario's)." };
        var targetAccept = new Option<double?>("--target-accept") { Description = "NUTS target acceptance (default: the scenario's)." };
        var threads = new Option<int?>("--threads") { Description = "Threads for the sampler's chains." };
        var quiet = CommonOptions.Quiet();
        var command = new Command("demo", "Run the MRP workflow end to end on a simulated population with known truth.");
        foreach (var option in new Option[] { output, scenario, seed, chains, warmup, draws, targetAccept, threads, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var chosen = DemoScenarios.Named(parse.GetValue(scenario)!);
            var isQuiet = parse.GetValue(quiet);
            var options = new DemoOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Seed = parse.GetValue(seed),
                Chains = parse.GetValue(chains),
                Warmup = parse.GetValue(warmup),
                Draws = parse.GetValue(draws),
                TargetAccept = parse.GetValue(targetAccept),
                Threads = parse.GetValue(threads),
            };
            var result = ProgressDisplay.Run(context, isQuiet, live =>
            {
                var steps = new SynchronousProgress<DemoStep>(step =>
                {
                    if (live is not null)
                    {
                        live.WriteLine($"- {step.Description}");
                    }
                    else if (!isQuiet)
                    {
                        context.Output.WriteLine($"- {step.Description}");
                    }
                });
                return DemoPipeline.Run(chosen, options, new DemoProgress(steps, live?.Chains, live?.Poststrat), context.Cancellation);
            });
            if (!isQuiet)
            {
                DemoReport.PrintWarnings(context, result);
                DemoReport.Print(context, result);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
