using System.Text.Json.Serialization;

namespace Ashiato.Web.Api;

/// <summary>The body of every error answer: one message for the user, plus where it applies.</summary>
public sealed record ApiError(
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Line = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position = null);
