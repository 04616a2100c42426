using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>Small builders of the schemas Ferry writes by hand: request bodies whose shape no C# type states (a row of
/// the model's columns, MLflow's and the Open Inference protocol's formats) and the error bodies.</summary>
internal static class Schemas
{
    public static OpenApiSchema String(string? description = null) => new() { Type = JsonSchemaType.String, Description = description };

    public static OpenApiSchema Integer(string? description = null) => new() { Type = JsonSchemaType.Integer, Description = description };

    public static OpenApiSchema Boolean(string? description = null) => new() { Type = JsonSchemaType.Boolean, Description = description };

    public static OpenApiSchema Enum(params string[] values) => new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    public static OpenApiSchema Array(IOpenApiSchema items, string? description = null) => new() { Type = JsonSchemaType.Array, Items = items, Description = description };

    /// <summary>One cell of a row: a number, a string, a boolean, or null (missing).</summary>
    public static OpenApiSchema Cell() => new()
    {
        Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean | JsonSchemaType.Null,
    };

    /// <summary>An object of the model's input columns, each a <see cref="Cell"/>.</summary>
    public static OpenApiSchema Row(string description) => new()
    {
        Type = JsonSchemaType.Object,
        AdditionalProperties = Cell(),
        Description = description,
    };

    /// <summary>Any object (more members allowed).</summary>
    public static OpenApiSchema AnyObject(string? description = null) => new() { Type = JsonSchemaType.Object, Description = description };

    public static OpenApiSchema Object(string? description, IEnumerable<string> required, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Required = new HashSet<string>(required),
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    public static OpenApiSchema OneOf(string? description, params IOpenApiSchema[] schemas) => new() { OneOf = [.. schemas], Description = description };

    public static OpenApiSchema AnyOf(string? description, params IOpenApiSchema[] schemas) => new() { AnyOf = [.. schemas], Description = description };
}
