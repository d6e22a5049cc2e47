using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ashiato.Query.Sandbox;

/// <summary>
/// The line protocol between the pool and a worker, one JSON value per line. The parent writes one
/// <see cref="WorkerRequest"/>. The worker writes <c>{"ready":true}</c> once warm, then <c>{"load":…}</c>,
/// <c>{"columns":[…]}</c>, one JSON array per row, and finally <c>{"done":…}</c> or <c>{"error":…}</c>.
/// </summary>
public static class WorkerProtocol
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public const string Ready = "ready";
    public const string Load = "load";
    public const string Columns = "columns";
    public const string Done = "done";
    public const string Error = "error";
}
