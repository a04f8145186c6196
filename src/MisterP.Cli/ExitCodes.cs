namespace MisterP.Cli;

/// <summary>Process exit codes (SPEC §2).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;
}
