using System.CommandLine;
using MisterP.Workflow;

namespace MisterP.Cli.Commands;

/// <summary><c>mrp demo [--out DIR]</c>: the whole MRP workflow on a built-in simulated population.</summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for the demo's data, fits and estimates.", DefaultValueFactory = _ => "mrp-demo" };
        var scenario = new Option<string>("--scenario") { Description = "saas (an opt-out customer satisfaction survey).", DefaultValueFactory = _ => "saas" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the simulation and the sampler.", DefaultValueFactory = _ => 2026UL };
        var threads = new Option<int?>("--threads") { Description = "Threads for the sampler's chains." };
        var quiet = CommonOptions.Quiet();
        var command = new Command("demo", "Run the MRP workflow end to end on a simulated population with known truth.");
        foreach (var option in new Option[] { output, scenario, seed, threads, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var name = parse.GetValue(scenario)!.Trim().ToLowerInvariant();
            if (name != "saas")
            {
                throw new UserInputException($"--scenario '{name}' is not available; use saas.");
            }

            var isQuiet = parse.GetValue(quiet);
            var options = new DemoOptions { OutputDirectory = parse.GetValue(output)!, Seed = parse.GetValue(seed), Threads = parse.GetValue(threads) };
            var steps = new SynchronousProgress<DemoStep>(step =>
            {
                if (!isQuiet)
                {
                    context.Output.WriteLine($"- {step.Description}");
                }
            });
            var sampler = new Inference.SamplerOptions { Chains = options.Chains, Warmup = options.Warmup, Draws = options.Draws };
            var result = ProgressDisplay.Run(context, isQuiet || !context.Interactive, sampler,
                progress => SaasDemo.Run(options, steps, progress, context.Cancellation));
            DemoReport.Print(context, result, isQuiet);
            return ExitCodes.Success;
        });
        return command;
    }
}
