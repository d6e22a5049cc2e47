using System.Diagnostics;
using System.Text.Json;
using Ashiato.Events;
using Ashiato.Query.Execution;
using Ashiato.Query.Loading;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// The inside of a sandbox worker process (Ashiato.Query.Worker). It warms DuckDB up, says it is ready, serves exactly
/// one request (fresh in-memory database, load, lockdown, query under OS limits), then exits without tearing DuckDB
/// down: a poisoned database (F3, <c>enable_logging</c>) aborts in its destructor, and the next query gets a new process anyway.
/// </summary>
public static class WorkerHost
{
    public static void Run(Stream input, Stream output)
    {
        ProcessLimits.DisableCoreDumps();
        Warm();
        var writer = new WorkerMessageWriter(output);
        writer.Message(WorkerProtocol.Ready, true);

        using var reader = new StreamReader(input);
        var line = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(line))
        {
            return; // the pool shut down before handing out this worker
        }
        var request = JsonSerializer.Deserialize<WorkerRequest>(line, WorkerProtocol.Json)
            ?? throw new InvalidOperationException("empty worker request");
        Serve(request, writer);
        writer.Flush();
    }

    private static void Serve(WorkerRequest request, WorkerMessageWriter writer)
    {
        var clock = Stopwatch.StartNew();
        var limits = request.Limits;
        try
        {
            ProcessLimits.CapMemory(limits.ProcessMemoryMb);
            ProcessLimits.CapCpu(limits.CpuTime);
            var connection = QueryDatabase.OpenInMemory();
            var load = new TraceLoader(connection).Load(request.Sources, limits.SkipBadLines);
            writer.Message(WorkerProtocol.Load, new WorkerLoad(load.Rows, load.Warnings));
            SandboxLockdown.Apply(connection, limits);
            var remaining = limits.Timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new QueryException(SandboxErrors.Timeout(limits));
            }
            var sink = new WorkerResultSink(writer, limits.MaxResultBytes);
            new QueryExecutor(connection).Execute(request.Sql, sink, new QueryOptions(limits.MaxRows, remaining));
            writer.Message(WorkerProtocol.Done, sink.Done ?? new WorkerDone(0, false, clock.Elapsed.TotalMilliseconds));
        }
        catch (QueryException e)
        {
            var error = e.Error.Kind == QueryErrorKind.Timeout ? SandboxErrors.Timeout(limits) : e.Error;
            writer.Message(WorkerProtocol.Error, error);
        }
        catch (UserFacingException e)
        {
            writer.Message(WorkerProtocol.Error, new QueryError(QueryErrorKind.Trace, e.Message));
        }
        catch (OutOfMemoryException)
        {
            writer.Message(WorkerProtocol.Error, SandboxErrors.Memory(limits));
        }
    }

    /// <summary>
    /// Runs the whole path once on a two-line trace (request parsing, load, lockdown, query, row serialization) so the
    /// native library is loaded and the code is compiled before the worker reports ready; a real query then pays
    /// only for its own work.
    /// </summary>
    private static void Warm()
    {
        // Not named by pid: isolated workers share the working directory and each is pid 2 in its own namespace.
        var trace = Path.GetFullPath($"warm-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(trace,
            "{\"type\":\"dns_query\",\"timestamp\":\"2026-01-01T00:00:00.000000Z\",\"pid\":1,\"hostname\":\"a\"}\n" +
            "{\"type\":\"process_exec\",\"timestamp\":\"2026-01-01T00:00:01.000000Z\",\"pid\":2,\"args\":[\"x\"]}\n");
        try
        {
            var json = JsonSerializer.Serialize(new WorkerRequest([new TraceInput(trace, "warm")],
                "SELECT e.type, e.ts, e.data, p.args, p.pid::HUGEINT FROM events e LEFT JOIN process_exec p USING (ts)", new QueryLimits()), WorkerProtocol.Json);
            var request = JsonSerializer.Deserialize<WorkerRequest>(json, WorkerProtocol.Json)!;
            using var connection = QueryDatabase.OpenInMemory();
            new TraceLoader(connection).Load(request.Sources, request.Limits.SkipBadLines);
            SandboxLockdown.Apply(connection, request.Limits);
            var writer = new WorkerMessageWriter(Stream.Null);
            new QueryExecutor(connection).Execute(request.Sql, new WorkerResultSink(writer, 1 << 20), new QueryOptions(10, TimeSpan.FromSeconds(30)));
            writer.Message(WorkerProtocol.Done, new WorkerDone(2, false, 1));
            writer.Message(WorkerProtocol.Error, new QueryError(QueryErrorKind.Sql, "warm", 1));
        }
        finally
        {
            File.Delete(trace);
        }
    }
}
