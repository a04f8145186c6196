using System.CommandLine;
using MisterP.Cli.Commands;

namespace MisterP.Cli;

/// <summary>
/// The <c>mrp</c> command line: a thin shell over the MisterP library. Exit codes: 0 success, 2 bad input
/// (the message says what, where and how to fix it), 1 internal error, 130 cancelled (143 by SIGTERM, 129 by SIGHUP).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var signals = new SignalCancellation();
        var exit = Run(args, Console.Out, Console.Error, signals.Token);
        return exit == ExitCodes.Cancelled ? signals.ExitCode : exit;
    }

    /// <summary>Runs one command; <paramref name="cancellation"/> (signals, in <see cref="Main"/>) stops it with exit 130 and nothing written.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        if (args is ["fit" or "poststrat", ..])
        {
            // Both open their data after parsing; the engine's set-up runs beside that instead of after it.
            MisterP.Data.TableSources.WarmUp();
        }

        var root = new RootCommand("mrp — Multilevel Regression and Post-stratification");
        var context = new CliContext(output, error);
        foreach (var command in CommandCatalog.For(args, context))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"mrp: {e.Message}");
            }

            error.WriteLine("Run 'mrp --help' (or 'mrp COMMAND --help') for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            context.Cancellation = cancellation;
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UserInputException ex)
        {
            error.WriteLine($"mrp: error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("mrp: cancelled; nothing was written.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            error.WriteLine($"mrp: internal error: {ex.GetType().Name}: {ex.Message}");
            if (Environment.GetEnvironmentVariable("MRP_DEBUG") == "1")
            {
                error.WriteLine(ex.ToString());
            }

            return ExitCodes.InternalError;
        }
    }
}
