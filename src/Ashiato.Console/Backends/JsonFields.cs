using System.Text.Json;

namespace Ashiato.Web.Backends;

/// <summary>Reads optional fields of the child process's JSON reports.</summary>
internal static class JsonFields
{
    /// <summary>The string property <paramref name="name"/>, or null when absent or not a string.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
