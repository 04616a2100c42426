using System.Text.Json;
using Ferry.Core.Data;
using Ferry.Core.Prediction;

namespace Ferry.Server.Apis;

/// <summary>Puts one request row into <paramref name="row"/> of the model's <paramref name="inputs"/>, adding one message
/// per bad field to <paramref name="errors"/> under <paramref name="prefix"/> and the field's name.</summary>
internal delegate void RowReader(IReadOnlyList<ColumnInfo> inputs, InputRow row, string prefix, Dictionary<string, string[]> errors);

/// <summary>The rows a request claims, in any protocol, counted before any of them is read or allocated (so
/// <see cref="PredictionFlow"/> checks the row limit first): how many, each row's reader produced only as
/// <see cref="Rows"/> is enumerated, and the key prefix of row i's errors.</summary>
internal sealed record RequestRows(int Count, IEnumerable<RowReader> Rows, Func<int, string> Prefix)
{
    /// <summary>Rows as lookups of field name to JSON value (null: absent), read by <see cref="JsonRowReader"/>.</summary>
    public RequestRows(int count, IEnumerable<Func<string, JsonElement?>> rows, Func<int, string> prefix)
        : this(count, rows.Select(field => (RowReader)((inputs, row, at, errors) => JsonRowReader.Read(field, inputs, row, at, errors))), prefix)
    {
    }

    /// <summary>One row object, its errors keyed by field name alone.</summary>
    public static RequestRows One(JsonElement row) => new(1, [Fields(row)], _ => "");

    /// <summary>Row objects in a JSON array, their errors keyed "<paramref name="key"/>[i]."; a row that is not an
    /// object is refused.</summary>
    public static RequestRows Objects(JsonElement array, string key)
    {
        var index = 0;
        foreach (var row in array.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                throw RequestRefusedException.Field($"{key}[{index}]", $"expected a JSON object of fields, found {JsonRowReader.Describe(row.ValueKind)}");
            }

            index++;
        }

        return new(index, array.EnumerateArray().Select(Fields), i => $"{key}[{i}].");
    }

    /// <summary>Rows given by column: each column's values, one per row, all <paramref name="count"/> long (checked by
    /// the caller); a row's fields are read only as it is enumerated.</summary>
    public static RequestRows Columns(IReadOnlyDictionary<string, JsonElement[]> columns, int count, Func<int, string> prefix) =>
        new(count, Enumerable.Range(0, count).Select(row => (Func<string, JsonElement?>)(name => columns.TryGetValue(name, out var column) ? column[row] : null)), prefix);

    private static Func<string, JsonElement?> Fields(JsonElement row) =>
        name => row.TryGetProperty(name, out var value) ? value : null;
}
