using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Ferry.Server.Tests.Apis;

/// <summary>The served /openapi/v1.json, and the check of a real answer against the schema the document gives for its
/// route, status and content type: the response schema becomes a JSON Schema (2020-12, as OpenAPI 3.1's) whose $defs are the
/// document's components, so each $ref resolves into components/schemas.</summary>
internal sealed class OpenApiContract(JsonObject document)
{
    public JsonObject Document { get; } = document;

    public static async Task<OpenApiContract> FetchAsync(HttpClient client) =>
        new(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject());

    /// <summary>The schema the document gives <paramref name="path"/>'s <paramref name="method"/> for <paramref name="status"/>
    /// in <paramref name="mediaType"/>; throws naming what the document lacks.</summary>
    public JsonSchema ResponseSchema(string method, string path, int status, string mediaType)
    {
        var operation = Document["paths"]?[path]?[method.ToLowerInvariant()] ?? throw new InvalidOperationException($"the document has no {method} {path}");
        var content = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?[mediaType]
            ?? throw new InvalidOperationException($"the document gives {method} {path} no {status} {mediaType} response");
        return Build(content["schema"]!);
    }

    /// <summary>The schema the document gives the request body of <paramref name="path"/>'s <paramref name="method"/> in
    /// <paramref name="mediaType"/>; throws naming what the document lacks.</summary>
    public JsonSchema RequestSchema(string method, string path, string mediaType)
    {
        var content = Document["paths"]?[path]?[method.ToLowerInvariant()]?["requestBody"]?["content"]?[mediaType]
            ?? throw new InvalidOperationException($"the document gives {method} {path} no {mediaType} request body");
        return Build(content["schema"]!);
    }

    /// <summary>The errors of <paramref name="response"/>'s body against the schema of its route (<paramref name="path"/>), status and
    /// content type; empty when it matches.</summary>
    public async Task<IReadOnlyList<string>> ErrorsAsync(HttpResponseMessage response, string path)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return Errors(ResponseSchema(response.RequestMessage!.Method.Method, path, (int)response.StatusCode, mediaType), answer);
    }

    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonElement answer)
    {
        var results = schema.Evaluate(answer, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : [.. (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))];
    }

    private JsonSchema Build(JsonNode schema)
    {
        var root = JsonNode.Parse(Rewrite(schema.ToJsonString()))!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = JsonNode.Parse(Rewrite(Document["components"]!["schemas"]!.ToJsonString()));
        return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://ferry.test/openapi/{Guid.NewGuid():N}"));
    }

    private static string Rewrite(string json) => json.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
}
