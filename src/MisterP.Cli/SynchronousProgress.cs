namespace MisterP.Cli;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, in order (unlike Progress&lt;T&gt;, which posts).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
