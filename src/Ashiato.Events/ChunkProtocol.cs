using System.Security.Cryptography;

namespace Ashiato.Events;

/// <summary>
/// How <c>ashiato agent</c> streams a job's trace to the console, shared by both ends. A chunk is one complete gzip
/// member of the trace; chunk <c>n</c> (from 0) names the SHA-256 of chunk <c>n - 1</c> (64 zeros for the first), so
/// the chunks form a hash chain and the console can tell a repeat (same bytes: a no-op) from a forgery (other bytes
/// for a sequence number it has, or a chain that does not continue from what it holds).
/// </summary>
public static class ChunkProtocol
{
    /// <summary>Header: the SHA-256 (lowercase hex) of the previous chunk.</summary>
    public const string PreviousHeader = "Ashiato-Chunk-Previous";

    /// <summary>Header: <c>true</c> on the chunk that ends the job's trace (it holds <c>trace_end</c>).</summary>
    public const string FinalHeader = "Ashiato-Chunk-Final";

    /// <summary>What the first chunk names as its predecessor.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Sha256(ReadOnlySpan<byte> chunk) => Convert.ToHexStringLower(SHA256.HashData(chunk));

    /// <summary>
    /// A stream's key, unique across hosts and reboots: the console finds the same job again from it when an agent
    /// restarts and resumes from its spool.
    /// </summary>
    public static string StreamKey(string bootId, string jobId) => $"{bootId}/{jobId}";
}
