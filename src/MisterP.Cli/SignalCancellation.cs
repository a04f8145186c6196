using System.Runtime.InteropServices;

namespace MisterP.Cli;

/// <summary>
/// SIGINT (Ctrl-C), SIGTERM and SIGHUP cancel the one token every command watches, so the work stops at its next
/// check, temporaries are removed and nothing half-written is left. A second signal is not intercepted: the runtime's
/// default (terminate) applies, for a process stuck outside a cancellation check.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    public SignalCancellation()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // Windows has no SIGHUP/SIGTERM on some hosts; Ctrl-C (SIGINT) is what matters there.
            }
        }
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The shell convention 128 + signal number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.</summary>
    public int ExitCode => _signal switch
    {
        1 => 129,
        15 => 143,
        _ => ExitCodes.Cancelled,
    };

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        var number = context.Signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGTERM => 15,
            _ => 2,
        };
        if (Interlocked.CompareExchange(ref _signal, number, 0) != 0)
        {
            return;
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
