using System.Globalization;
using System.Text.Json;
using Ferry.Core.Data;

namespace Ferry.Server.Apis;

/// <summary>The rows of an Open Inference request's input tensors: one tensor per column (<c>{"name": column, "shape": [n],
/// "datatype": ..., "data": [...]}</c>) or one tensor of shape [n, k] whose columns are the model's inputs in order. Each
/// tensor is checked before any row is read: an object with a name, a shape of positive integers, a datatype of the
/// protocol, parameters it knows (<c>binary_data_size</c>), and data that is flat in row-major order or nested as the shape
/// ("natural multi-dimensional representation"), or its bytes after the JSON (<see cref="OpenInferenceBinary"/>); as many
/// values as the shape holds (its product taken without overflow), each one its datatype holds (300 is no INT8, 1.5 no
/// INT32, 1e5 no FP16, "a" no FP32, 1 no BOOL), or null, a missing value.</summary>
internal static class OpenInferenceTensors
{
    public const string BinaryDataSize = "binary_data_size";

    /// <summary>The protocol's datatypes (inference_rest.md, Tensor Data Types), by name.</summary>
    public static readonly IReadOnlyDictionary<string, TensorDatatype> Datatypes = new Dictionary<string, TensorDatatype>(StringComparer.Ordinal)
    {
        ["BOOL"] = new("BOOL", 1, TensorValues.Boolean, null),
        ["UINT8"] = new("UINT8", 1, TensorValues.Number, (true, byte.MinValue, byte.MaxValue)),
        ["UINT16"] = new("UINT16", 2, TensorValues.Number, (true, ushort.MinValue, ushort.MaxValue)),
        ["UINT32"] = new("UINT32", 4, TensorValues.Number, (true, uint.MinValue, uint.MaxValue)),
        ["UINT64"] = new("UINT64", 8, TensorValues.Number, (true, ulong.MinValue, ulong.MaxValue)),
        ["INT8"] = new("INT8", 1, TensorValues.Number, (true, sbyte.MinValue, sbyte.MaxValue)),
        ["INT16"] = new("INT16", 2, TensorValues.Number, (true, short.MinValue, short.MaxValue)),
        ["INT32"] = new("INT32", 4, TensorValues.Number, (true, int.MinValue, int.MaxValue)),
        ["INT64"] = new("INT64", 8, TensorValues.Number, (true, long.MinValue, long.MaxValue)),
        ["FP16"] = new("FP16", 2, TensorValues.Number, (false, (double)Half.MinValue, (double)Half.MaxValue)),
        ["FP32"] = new("FP32", 4, TensorValues.Number, null),
        ["FP64"] = new("FP64", 8, TensorValues.Number, null),
        ["BYTES"] = new("BYTES", null, TensorValues.Text, null),
    };

    private static readonly string[] s_inputParameters = [BinaryDataSize];

    /// <summary>The most dimensions of a shape an error message repeats.</summary>
    private const int ShownDimensions = 8;

    /// <summary>The rows of <paramref name="body"/>'s input tensors for a model of inputs <paramref name="schema"/>: one
    /// tensor of shape [n, inputs], or one tensor per input of shape [n] or [n, 1]. The row count is read from the shapes
    /// and held to <paramref name="maxRows"/> (413) before any tensor's values are decoded.</summary>
    public static RequestRows Rows(InferBody body, IReadOnlyList<ColumnInfo> schema, int maxRows)
    {
        var root = body.Json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            throw RequestRefusedException.Field("inputs", "expected {\"inputs\": [{\"name\": ..., \"shape\": [...], \"datatype\": ..., \"data\": [...]}]}");
        }

        if (root.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw RequestRefusedException.Field("id", $"'id' must be a string, found {JsonRowReader.Describe(id.ValueKind)}");
        }

        TensorHead[] heads = [.. inputs.EnumerateArray().Select((tensor, i) => Head(tensor, $"inputs[{i}]"))];
        if (heads.Length == 0)
        {
            throw RequestRefusedException.Field("inputs", "there are no input tensors: send one per input, or one of shape [n, inputs]");
        }

        if (heads.Max(head => head.Shape[0]) is var rows && rows > maxRows)
        {
            throw RequestRefusedException.TooManyRows(rows.ToString(CultureInfo.InvariantCulture), maxRows);
        }

        var binary = OpenInferenceBinary.Split(heads, body);
        InputTensor[] tensors = [.. heads.Select((head, i) => Checked(head, binary[i] is { } bytes ? OpenInferenceBinary.Values(head, bytes) : Values(head)))];
        if (tensors is [{ Shape: [var count, var width] } matrix] && width == schema.Count)
        {
            return new RequestRows((int)count, MatrixRows(matrix.Values, schema), i => $"inputs[row {i}].");
        }

        if (tensors.FirstOrDefault(tensor => Index(schema, tensor.Head.Name) >= 0 && tensor.Shape is not ([_] or [_, 1])) is { } wide)
        {
            throw RequestRefusedException.Field(wide.Head.Key, $"tensor '{wide.Head.Shown}' has shape {Text(wide.Shape)}: a tensor per input holds one "
                + $"value per row, shape [n] or [n, 1]; or send one tensor of shape [n, {schema.Count}] with the inputs in order");
        }

        var columns = new Dictionary<string, JsonElement[]>();
        foreach (var tensor in tensors)
        {
            if (tensor.Values.Length != tensors[0].Values.Length)
            {
                throw RequestRefusedException.Field(tensor.Head.Key, "every input tensor must hold the same number of values (one per row)");
            }

            if (Index(schema, tensor.Head.Name) >= 0 && !columns.TryAdd(tensor.Head.Name, tensor.Values))
            {
                throw RequestRefusedException.Field(tensor.Head.Key, $"a second tensor named '{tensor.Head.Name}'");
            }
        }

        if (columns.Count == 0)
        {
            throw RequestRefusedException.Field("inputs", $"no input tensor is named for an input of the model ({string.Join(", ", schema.Select(c => c.Name))}): "
                + $"send one tensor per input, or one of shape [n, {schema.Count}] with the inputs in that order");
        }

        return RequestRows.Columns(columns, tensors[0].Values.Length, i => $"inputs[row {i}].");
    }

    /// <summary>A tensor's name, shape, datatype and parameters, checked; refused with the error under <paramref name="key"/>.</summary>
    private static TensorHead Head(JsonElement tensor, string key)
    {
        if (tensor.ValueKind != JsonValueKind.Object)
        {
            throw RequestRefusedException.Field(key, $"a tensor must be an object {{\"name\", \"shape\", \"datatype\", \"data\"}}, found {JsonRowReader.Describe(tensor.ValueKind)}");
        }

        if (!tensor.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw RequestRefusedException.Field(key + ".name", "a tensor needs a \"name\" string");
        }

        if (!tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() == 0
            || shape.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var dimension) || dimension <= 0))
        {
            throw RequestRefusedException.Field(key + ".shape", $"\"shape\" must be a list of positive integers (at most {int.MaxValue}), found {Shorten(shape)}");
        }

        if (!tensor.TryGetProperty("datatype", out var datatype) || datatype.ValueKind != JsonValueKind.String || !Datatypes.TryGetValue(datatype.GetString()!, out var type))
        {
            throw RequestRefusedException.Field(key + ".datatype", $"\"datatype\" must be one of {string.Join(", ", Datatypes.Keys)}, found {Shorten(datatype)}");
        }

        long[] dimensions = [.. shape.EnumerateArray().Select(d => (long)d.GetInt32())];
        var head = new TensorHead(key, name.GetString()!, dimensions, type, tensor, BinarySize(tensor, key));
        var json = tensor.TryGetProperty("data", out _);
        if (json && head.BinarySize is not null)
        {
            throw RequestRefusedException.Field(key + ".data", $"tensor '{head.Shown}' has both \"data\" and \"binary_data_size\": send its values in one of them");
        }

        return json || head.BinarySize is not null ? head
            : throw RequestRefusedException.Field(key + ".data", "a tensor needs a \"data\" array, found none (or \"parameters\": {\"binary_data_size\": bytes} and its bytes after the JSON)");
    }

    /// <summary>The tensor's <c>binary_data_size</c> parameter, or null; any other parameter is refused by name.</summary>
    private static long? BinarySize(JsonElement tensor, string key)
    {
        var parameters = Parameters(tensor, key + ".parameters", s_inputParameters);
        if (parameters is not { } found || !found.TryGetProperty(BinaryDataSize, out var size))
        {
            return null;
        }

        return size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) && bytes >= 0 ? bytes
            : throw RequestRefusedException.Field($"{key}.parameters.{BinaryDataSize}", $"\"{BinaryDataSize}\" must be a count of bytes (an integer of at least 0), found {Shorten(size)}");
    }

    /// <summary>The <c>parameters</c> object of <paramref name="owner"/> (null when absent or null), each of its names one of
    /// <paramref name="known"/>: a parameter is never ignored.</summary>
    public static JsonElement? Parameters(JsonElement owner, string key, IReadOnlyCollection<string> known)
    {
        if (!owner.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw RequestRefusedException.Field(key, $"\"parameters\" must be an object of name: value, found {JsonRowReader.Describe(parameters.ValueKind)}");
        }

        var unknown = parameters.EnumerateObject().Select(p => p.Name).Where(name => !known.Contains(name)).Take(10).ToArray();
        return unknown.Length == 0 ? parameters : throw RequestRefusedException.Fields(unknown.ToDictionary(name => $"{key}.{name}",
            name => new[] { $"unknown parameter '{name}': Ferry reads {(known.Count == 0 ? "none here" : string.Join(", ", known))}" }));
    }

    /// <summary>The tensor's JSON data, flat or nested as its shape, in row-major order.</summary>
    private static JsonElement[] Values(TensorHead head)
    {
        var data = head.Tensor.GetProperty("data");
        if (data.ValueKind != JsonValueKind.Array)
        {
            throw RequestRefusedException.Field(head.Key + ".data", $"a tensor needs a \"data\" array, found {JsonRowReader.Describe(data.ValueKind)}");
        }

        if (!data.EnumerateArray().Any(value => value.ValueKind == JsonValueKind.Array))
        {
            return [.. data.EnumerateArray()];
        }

        var values = new List<JsonElement>();
        Nested(head, data, 0, head.Key + ".data", values);
        return [.. values];
    }

    /// <summary>Adds the values of nested data, each level as long as its dimension of the shape and the innermost one
    /// values; refused naming the first array that is not.</summary>
    private static void Nested(TensorHead head, JsonElement array, int depth, string key, List<JsonElement> values)
    {
        if (array.GetArrayLength() != head.Shape[depth])
        {
            throw RequestRefusedException.Field(key, $"tensor '{head.Shown}' has shape {Text(head.Shape)}: nested data holds {head.Shape[depth]} items at depth {depth + 1}, found {array.GetArrayLength()} (or send the data flat)");
        }

        var index = 0;
        var inner = depth + 1 < head.Shape.Length;
        foreach (var item in array.EnumerateArray())
        {
            if (inner != (item.ValueKind == JsonValueKind.Array))
            {
                throw RequestRefusedException.Field($"{key}[{index}]", inner
                    ? $"tensor '{head.Shown}' has shape {Text(head.Shape)}: expected an array of {head.Shape[depth + 1]} items, found {JsonRowReader.Describe(item.ValueKind)} (nest every level as the shape, or send the data flat)"
                    : $"tensor '{head.Shown}' has shape {Text(head.Shape)}: the data nests deeper than its {head.Shape.Length} dimensions");
            }

            if (inner)
            {
                Nested(head, item, depth + 1, $"{key}[{index}]", values);
            }
            else
            {
                values.Add(item);
            }

            index++;
        }
    }

    /// <summary>The tensor with its values, once they are as many as its shape holds and each one its datatype holds.</summary>
    private static InputTensor Checked(TensorHead head, JsonElement[] values)
    {
        if (head.Count is not { } count || count != values.Length)
        {
            throw RequestRefusedException.Field(head.Key, $"tensor '{head.Shown}' has shape {Text(head.Shape)} but {values.Length} values");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (head.Datatype.Refusal(values[i]) is { } refusal)
            {
                throw RequestRefusedException.Field($"{head.Key}.data[{i}]", $"tensor '{head.Shown}' is {head.Datatype.Name}, which cannot hold {Shorten(values[i])} {refusal}");
            }
        }

        return new InputTensor(head, values);
    }

    /// <summary>A shape as text for a message, its first dimensions only when it has more than <see cref="ShownDimensions"/>
    /// (a refused shape of two million dimensions is not repeated back).</summary>
    public static string Text(long[] shape) =>
        shape.Length <= ShownDimensions ? $"[{string.Join(", ", shape)}]" : $"[{string.Join(", ", shape.Take(ShownDimensions))}, ... ({shape.Length} dimensions)]";

    public static string Shorten(JsonElement value) =>
        value.ValueKind == JsonValueKind.Undefined ? "none" : JsonRowReader.Shorten(value.GetRawText());

    /// <summary>The rows of one [n, k] tensor, its columns the model's inputs in order, read once the row count has been checked.</summary>
    private static IEnumerable<Func<string, JsonElement?>> MatrixRows(JsonElement[] values, IReadOnlyList<ColumnInfo> schema)
    {
        for (var r = 0; r < values.Length / schema.Count; r++)
        {
            var row = r;
            yield return column => Index(schema, column) is var at and >= 0 ? values[row * schema.Count + at] : null;
        }
    }

    private static int Index(IReadOnlyList<ColumnInfo> schema, string column)
    {
        for (var i = 0; i < schema.Count; i++)
        {
            if (schema[i].Name == column)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>What the values of a datatype are in JSON.</summary>
internal enum TensorValues
{
    Number,
    Boolean,
    Text,
}

/// <summary>One of the protocol's datatypes: its name, the bytes of one element (null for BYTES, whose elements are
/// length-prefixed), what its JSON values are, and for the numbers narrower than a feature's float the numbers it holds.</summary>
internal sealed record TensorDatatype(string Name, int? Size, TensorValues Values, (bool Integral, double Least, double Most)? Range)
{
    /// <summary>The bounds of a 64-bit integer datatype as exact numbers: as doubles, 2^63 and long.MaxValue are one
    /// number, so 9223372036854775808 passed for an INT64.</summary>
    private (decimal Lowest, decimal Highest)? Exact => Name switch
    {
        "INT64" => (long.MinValue, long.MaxValue),
        "UINT64" => (ulong.MinValue, ulong.MaxValue),
        _ => null,
    };

    /// <summary>Why <paramref name="value"/> is not one of this datatype's values (null, a missing value, always is), or null.</summary>
    public string? Refusal(JsonElement value) => (Values, value.ValueKind) switch
    {
        (_, JsonValueKind.Null) => null,
        (TensorValues.Number, JsonValueKind.Number) when Range is var (integral, least, most)
            && (!value.TryGetDouble(out var number) || number < least || number > most || (integral && Math.Floor(number) != number)
                || (Exact is var (lowest, highest) && (!value.TryGetDecimal(out var exact) || exact < lowest || exact > highest))) =>
            integral ? $"(an integer from {least:R} to {most:R})" : $"(from {least:R} to {most:R})",
        (TensorValues.Number, JsonValueKind.Number) or (TensorValues.Boolean, JsonValueKind.True or JsonValueKind.False) or (TensorValues.Text, JsonValueKind.String) => null,
        (TensorValues.Number, _) => $"({JsonRowReader.Describe(value.ValueKind)}): its values are numbers, or null for a missing value",
        (TensorValues.Boolean, _) => $"({JsonRowReader.Describe(value.ValueKind)}): its values are true or false, or null for a missing value",
        _ => $"({JsonRowReader.Describe(value.ValueKind)}): its values are strings, or null for a missing value",
    };
}

/// <summary>An input tensor as the request names it, before its values are read: where it is (<c>inputs[i]</c>), its
/// name, shape, datatype, JSON, and the size of its binary data when it is sent after the JSON.</summary>
internal sealed record TensorHead(string Key, string Name, long[] Shape, TensorDatatype Datatype, JsonElement Tensor, long? BinarySize)
{
    /// <summary>The name as a message repeats it: shortened, as a client's long name is not echoed back whole.</summary>
    public string Shown => JsonRowReader.Shorten(Name);

    /// <summary>How many values the shape holds; null past what a long counts.</summary>
    public long? Count
    {
        get
        {
            try
            {
                return Shape.Aggregate(1L, (product, dimension) => checked(product * dimension));
            }
            catch (OverflowException)
            {
                return null;
            }
        }
    }
}

/// <summary>An input tensor with its values in row-major order.</summary>
internal sealed record InputTensor(TensorHead Head, JsonElement[] Values)
{
    public long[] Shape => Head.Shape;
}
