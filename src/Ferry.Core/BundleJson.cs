using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Core;

/// <summary>The JSON settings of every file Ferry writes: snake_case-free camelCase, enums as strings.</summary>
public static class BundleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
