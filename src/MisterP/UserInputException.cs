namespace MisterP;

/// <summary>
/// Bad input from the user (a file, a formula, an option): the message says what is wrong, where, and how to fix it.
/// The CLI maps it to exit code 2; any other exception is an internal error (exit code 1).
/// </summary>
public class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException(string message, Exception inner) : base(message, inner) { }
}
