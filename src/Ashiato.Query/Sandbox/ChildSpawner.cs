using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// Starts engine processes (query workers, rule pack, diff) so that they die with the server, even when it is
/// SIGKILLed or OOM-killed: each child runs under <c>setpriv --pdeathsig KILL</c>. The kernel sends that signal when
/// the <em>thread</em> that forked the child exits, not the process; .NET forks on the calling thread and retires idle
/// thread-pool threads, so every fork happens on this spawner's one dedicated thread, which lives as long as the spawner.
/// </summary>
public sealed class ChildSpawner : IDisposable
{
    private const string SetPriv = "/usr/bin/setpriv";

    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> _requests = new();
    private readonly Thread _thread;

    public ChildSpawner()
    {
        if (!File.Exists(SetPriv))
        {
            throw new InvalidOperationException($"{SetPriv} (util-linux) is needed to tie engine processes to the server's life");
        }
        _thread = new Thread(Serve) { IsBackground = true, Name = "ashiato-child-spawner" };
        _thread.Start();
    }

    /// <summary>Starts <paramref name="start"/> behind <c>setpriv --pdeathsig KILL</c>; the child keeps the same pid.</summary>
    public Process Start(ProcessStartInfo start)
    {
        var wrapped = Wrap(start);
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((wrapped, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static ProcessStartInfo Wrap(ProcessStartInfo start)
    {
        // setpriv execs the program in place: the pid the caller sees is the engine's own.
        List<string> arguments = ["--pdeathsig", "KILL", "--", start.FileName, .. start.ArgumentList];
        start.FileName = SetPriv;
        start.ArgumentList.Clear();
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private void Serve()
    {
        foreach (var (start, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                started.TrySetResult(Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}"));
            }
            catch (Exception e)
            {
                started.TrySetException(e);
            }
        }
    }

    /// <summary>Ends the spawner's thread, which makes the kernel kill every child it started.</summary>
    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join();
        _requests.Dispose();
    }
}
