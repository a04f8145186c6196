namespace MisterP.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("mrp: commands are being built.");
        return args.Length == 0 ? 2 : 1;
    }
}
