using System.CommandLine;
using MisterP.Cli.Commands;

namespace MisterP.Cli;

/// <summary>
/// The <c>mrp</c> command line: a thin shell over the MisterP library. Exit codes: 0 success, 2 bad input
/// (the message says what, where and how to fix it), 1 internal error, 130 cancelled.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("mrp — Multilevel Regression and Post-stratification");
        var context = new CliContext(output, error);
        foreach (var command in CommandCatalog.Create(context))
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

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            context.Cancellation = cancel.Token;
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
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
