using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>Makes each generated schema say what the server writes: a double is a number, or null where it is not finite
/// (<see cref="NonFiniteWrittenAsNull"/>); a list of objects (MLflow's predictions, a tensor's data) holds labels, numbers or booleans; a property that may be null is not required, since the server omits nulls
/// (<c>JsonIgnoreCondition.WhenWritingNull</c>).</summary>
internal sealed class WireSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (IsDouble(context.JsonTypeInfo.Type))
        {
            schema.Type = JsonSchemaType.Number | JsonSchemaType.Null;
            schema.Format = "double";
        }

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Dictionary && IsDouble(context.JsonTypeInfo.ElementType!))
        {
            schema.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null, Format = "double" };
        }

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Enumerable && context.JsonTypeInfo.ElementType == typeof(object))
        {
            schema.Items = Schemas.Cell();
        }

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(Omittable))
            {
                required.Remove(property.Name);
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsDouble(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(double);

    /// <summary>Whether the property may hold null, and so be left out of the answer.</summary>
    private static bool Omittable(JsonPropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || (!property.PropertyType.IsValueType && property.IsGetNullable);
}
