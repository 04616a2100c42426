using System.Text.Json;
using Ferry.Core.Data;
using Ferry.Core.Prediction;

namespace Ferry.Server.Apis;

/// <summary>Reads a request row into an <see cref="InputRow"/> of the model's schema, through <see cref="CellParser"/>
/// as a file's cells are. An absent field is an error; a null field is a missing value (filled by the model); a wrong
/// JSON type is an error, and so is a number a feature cannot hold (1e999, 1e300: features are 32-bit floats).</summary>
internal static class JsonRowReader
{
    /// <summary>Fills <paramref name="row"/> from fields looked up by name (null: absent), adding one message per bad field to <paramref name="errors"/>.</summary>
    public static void Read(Func<string, JsonElement?> field, IReadOnlyList<ColumnInfo> inputs, InputRow row, string prefix, Dictionary<string, string[]> errors)
    {
        for (var c = 0; c < inputs.Count; c++)
        {
            var input = inputs[c];
            if (field(input.Name) is not { } value)
            {
                errors[prefix + input.Name] = [$"field '{input.Name}' is required ({ValueParser.Describe(input.Kind)}, or null for a missing value)"];
                continue;
            }

            if (Set(row, c, input, value) is { } expected)
            {
                errors[prefix + input.Name] = [$"field '{input.Name}' must be {expected}, found {Describe(value.ValueKind)} {Shorten(value.GetRawText())}"];
            }
        }
    }

    private static string? Set(InputRow row, int column, ColumnInfo input, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                row.SetMissing(column);
                return null;
            case JsonValueKind.Number when input.Kind == ColumnKind.Number:
                return value.TryGetDouble(out var number) ? CellParser.TrySetNumber(row, column, number) : CellParser.FiniteNumber;
            case JsonValueKind.True or JsonValueKind.False when input.Kind == ColumnKind.Boolean:
                return CellParser.TrySetNumber(row, column, value.GetBoolean() ? 1 : 0);
            case JsonValueKind.String when input.Kind is ColumnKind.Date or ColumnKind.Boolean:
                return CellParser.TrySet(row, column, input, value.GetString());
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when input.Kind == ColumnKind.Category:
                row.SetText(column, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                return null;
            default:
                return ValueParser.Describe(input.Kind);
        }
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
