using Ashiato.Query.Loading;

namespace Ashiato.Query.Sandbox;

/// <summary>The one request a worker process serves: the traces to load, the SQL and the limits.</summary>
public sealed record WorkerRequest(IReadOnlyList<TraceInput> Sources, string Sql, QueryLimits Limits);
