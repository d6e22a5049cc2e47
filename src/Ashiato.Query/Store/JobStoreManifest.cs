using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ashiato.Query.Store;

/// <summary>
/// What a job store holds, written last so that a store without it is known to be incomplete: the format version, the
/// trace it was built from (size and SHA-256 of the bytes, kept byte-identical elsewhere for download), and the rows of
/// every table.
/// </summary>
public sealed record JobStoreManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("source_bytes")] long SourceBytes,
    [property: JsonPropertyName("source_sha256")] string SourceSha256,
    [property: JsonPropertyName("skipped_lines")] long SkippedLines,
    [property: JsonPropertyName("tables")] IReadOnlyDictionary<string, long> Tables)
{
    /// <summary>Bumped whenever a table's columns change, so that stores of an older layout are rebuilt.</summary>
    public const int CurrentFormat = 1;

    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a manifest; null when it is missing, unreadable or of another format (the store must be rebuilt).</summary>
    public static JobStoreManifest? TryRead(string directory)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<JobStoreManifest>(File.ReadAllText(Path.Combine(directory, FileName)), Options);
            return manifest is { Format: CurrentFormat, Tables: not null } ? manifest : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
