using System.Text.Json;
using Json.Schema;

namespace Ashiato.Analysis.Tests.Support;

/// <summary>The vendored official SARIF 2.1.0 schema, ready to validate documents.</summary>
/// <remarks>
/// The schema is written in JSON Schema draft-04, which JsonSchema.Net has no dialect for. It is read with draft-06's
/// keywords under the draft-04 URI: the two differ only in <c>id</c> (renamed <c>$id</c>; the SARIF schema uses it
/// solely at its root, and all its references are local pointers) and in boolean <c>exclusiveMinimum</c>/<c>Maximum</c>,
/// which the SARIF schema does not use. Every keyword that constrains a document means the same in both.
/// </remarks>
public static class SarifSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    private static JsonSchema Load()
    {
        var options = new BuildOptions();
        options.DialectRegistry.Register(Dialect.Draft06.With([], new Uri("http://json-schema.org/draft-04/schema#"), refIgnoresSiblingKeywords: true, allowUnknownKeywords: true));
        return JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-schema-2.1.0.json")), options);
    }

    /// <summary>Null when <paramref name="json"/> is valid SARIF 2.1.0, else the schema's complaints.</summary>
    public static string? Problems(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }
        return string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
    }
}
