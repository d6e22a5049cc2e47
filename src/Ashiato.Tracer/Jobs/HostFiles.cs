using System.Security.Cryptography;
using System.Text.Json;

namespace Ashiato.Tracer.Jobs;

/// <summary>
/// Reads them from the host. Never <c>.credentials*</c>: only <c>.runner</c>, whose agentName names the runner, and
/// step scripts, which are hashed, not copied.
/// </summary>
public sealed class HostFiles : IHostFiles
{
    /// <summary>A run script is a few KiB; anything far larger is not worth stalling the pipeline for.</summary>
    private const long MaxHashedBytes = 16 << 20;

    public string? Sha256(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return stream.Length > MaxHashedBytes ? null : Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string? RunnerName(string runnerRoot, out bool isRunner)
    {
        var file = Path.Combine(runnerRoot, ".runner");
        isRunner = File.Exists(file);
        if (!isRunner)
        {
            return null;
        }
        try
        {
            // .runner is UTF-8 JSON, written by the runner's config with a byte-order mark.
            using var document = JsonDocument.Parse(File.ReadAllText(file).TrimStart('\uFEFF'));
            return document.RootElement.TryGetProperty("agentName", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
