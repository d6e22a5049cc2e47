using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FakeRunner.Protocol;

/// <summary>The JSON shape of everything the fake runner reads and writes: camelCase, and strict, so a typo in a scenario file is an error, not a silently ignored key.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        AllowOutOfOrderMetadataProperties = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Parses <paramref name="json"/>; bad input becomes one message that names <paramref name="what"/>.</summary>
    public static T Deserialize<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"{what}: empty document");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
    }

    public static T ReadFile<T>(string path) => Deserialize<T>(File.ReadAllText(path), path);

    /// <summary>Writes through a temporary name, so a reader polling for <paramref name="path"/> never sees half a file.</summary>
    public static void WriteFileAtomically<T>(string path, T value, bool byteOrderMark = false)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, Serialize(value), new UTF8Encoding(byteOrderMark));
        File.Move(temporary, path, overwrite: true);
    }
}
