using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Apis;

/// <summary>Triton's binary tensor data extension (server docs/protocol/extension_binary_data.md), as tritonclient sends it
/// by default: with the header <c>Inference-Header-Content-Length: N</c> the body's first N bytes are the JSON request
/// and the rest the raw little-endian bytes of the inputs marked <c>"parameters": {"binary_data_size": k}</c>, one after
/// the other in input order (BOOL one byte of 0 or 1, BYTES each element a 4-byte length and its UTF-8 bytes). Every size
/// is checked against the body's real length before it is used: N within the body, the sizes summing to the bytes after
/// the JSON, and each k the tensor's shape times its element's size. A non-finite float is a missing value, as the JSON
/// bodies' NaN. Outputs asked as binary (<c>binary_data</c>, <c>binary_data_output</c>) are answered the same way.</summary>
internal static class OpenInferenceBinary
{
    public const string Header = "Inference-Header-Content-Length";
    public const string ContentType = "application/octet-stream";

    /// <summary>The request's body: JSON (<see cref="JsonBody"/>), or with <see cref="Header"/> its JSON part and the bytes
    /// after it. The whole body is read first, within the server's body limit, so each size is checked against it.</summary>
    public static async Task<InferBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValue(Header, out var header))
        {
            return new InferBody(await JsonBody.ReadAsync(request, cancellationToken), null);
        }

        JsonBody.RequireJson(request, ContentType);
        if (header.Count != 1 || !int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw RequestRefusedException.Field(Header, $"{Header} must be one count of bytes (the JSON's length), found '{JsonRowReader.Shorten(header.ToString())}'");
        }

        if (length == 0)
        {
            throw RequestRefusedException.Field(Header, $"{Header}: 0 (a raw binary request, without a JSON inference header) is not supported: send the JSON request first and give its length");
        }

        var body = await JsonBody.ReadAllAsync(request, cancellationToken);
        if (length > body.Length)
        {
            throw RequestRefusedException.Field(Header, $"{Header} is {length} bytes, past the body's {body.Length} bytes");
        }

        return new InferBody(JsonBody.Parse(request, body.AsMemory(0, length)), body.AsMemory(length));
    }

    /// <summary>Each input's binary data (null for a tensor whose data is JSON), once the sizes sum to the bytes after the
    /// JSON exactly.</summary>
    public static ReadOnlyMemory<byte>?[] Split(TensorHead[] heads, InferBody body)
    {
        var split = new ReadOnlyMemory<byte>?[heads.Length];
        if (body.Binary is not { } binary)
        {
            return heads.FirstOrDefault(head => head.BinarySize is not null) is { } head
                ? throw RequestRefusedException.Field($"{head.Key}.parameters.{OpenInferenceTensors.BinaryDataSize}",
                    $"tensor '{head.Shown}' says its data is binary, but the request has no {Header} header giving the JSON's length")
                : split;
        }

        var total = heads.Sum(head => (decimal)(head.BinarySize ?? 0));
        if (total != binary.Length)
        {
            throw RequestRefusedException.Field("body", $"the body holds {binary.Length} bytes after its {Header} of JSON, but the inputs' {OpenInferenceTensors.BinaryDataSize} sum to {total}");
        }

        var offset = 0;
        for (var i = 0; i < heads.Length; i++)
        {
            if (heads[i].BinarySize is { } size)
            {
                split[i] = binary.Slice(offset, (int)size);
                offset += (int)size;
            }
        }

        return split;
    }

    /// <summary>The values of a tensor's binary data, as JSON values (a non-finite float null), once its size is its
    /// shape's count of elements.</summary>
    public static JsonElement[] Values(TensorHead head, ReadOnlyMemory<byte> data)
    {
        var bytes = data.Span;
        var count = head.Count ?? long.MaxValue;
        object?[] values;
        if (head.Datatype.Size is { } size)
        {
            if (count > bytes.Length / size || count * size != bytes.Length)
            {
                throw Size(head, $"tensor '{head.Shown}' of shape {OpenInferenceTensors.Text(head.Shape)} takes "
                    + (count <= long.MaxValue / size ? $"{count} × {size} = {count * size}" : "more than a long counts of")
                    + $" bytes of {head.Datatype.Name}, but its {OpenInferenceTensors.BinaryDataSize} is {bytes.Length}");
            }

            values = new object?[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Element(head, bytes.Slice(i * size, size), i);
            }
        }
        else
        {
            values = Strings(head, bytes, count);
        }

        return [.. JsonSerializer.SerializeToElement(values).EnumerateArray()];
    }

    /// <summary>Each output's bytes, one after the other, and the JSON header's length.</summary>
    public static byte[] Body(byte[] json, IReadOnlyList<byte[]> outputs)
    {
        var body = new byte[json.Length + outputs.Sum(o => o.Length)];
        json.CopyTo(body, 0);
        var offset = json.Length;
        foreach (var output in outputs)
        {
            output.CopyTo(body, offset);
            offset += output.Length;
        }

        return body;
    }

    /// <summary>An output's values as binary data: each string its 4-byte little-endian length and UTF-8 bytes, each
    /// number 8 bytes of FP64.</summary>
    public static byte[] Encode(IReadOnlyList<object> data)
    {
        using var buffer = new MemoryStream();
        Span<byte> scratch = stackalloc byte[8];
        foreach (var value in data)
        {
            if (value is string text)
            {
                var utf8 = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)utf8.Length);
                buffer.Write(scratch[..4]);
                buffer.Write(utf8);
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(scratch, (double)value);
                buffer.Write(scratch);
            }
        }

        return buffer.ToArray();
    }

    private static object? Element(TensorHead head, ReadOnlySpan<byte> bytes, int index) => head.Datatype.Name switch
    {
        "BOOL" => bytes[0] switch
        {
            0 => false,
            1 => true,
            var other => throw RequestRefusedException.Field($"{head.Key}.data[{index}]", $"tensor '{head.Shown}' is BOOL, whose bytes are 0 or 1, found {other}"),
        },
        "UINT8" => bytes[0],
        "INT8" => (sbyte)bytes[0],
        "UINT16" => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        "INT16" => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        "UINT32" => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        "INT32" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        "UINT64" => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        "INT64" => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        "FP16" => Finite((double)BinaryPrimitives.ReadHalfLittleEndian(bytes)),
        "FP32" => Finite(BinaryPrimitives.ReadSingleLittleEndian(bytes)),
        _ => Finite(BinaryPrimitives.ReadDoubleLittleEndian(bytes)),
    };

    private static object? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>BYTES elements: each a 4-byte little-endian length and that many bytes of UTF-8 text, exactly
    /// <paramref name="count"/> of them filling the data.</summary>
    private static object?[] Strings(TensorHead head, ReadOnlySpan<byte> bytes, long count)
    {
        if (count > bytes.Length / 4)
        {
            throw Size(head, $"tensor '{head.Shown}' of shape {OpenInferenceTensors.Text(head.Shape)} holds {count} BYTES elements of at least 4 bytes each, but {OpenInferenceTensors.BinaryDataSize} is {bytes.Length}");
        }

        var values = new object?[count];
        var offset = 0;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - offset < 4)
            {
                throw Size(head, $"tensor '{head.Shown}': BYTES element {i} at byte {offset} has no 4-byte length within the {bytes.Length} bytes of its {OpenInferenceTensors.BinaryDataSize}");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
            if (length > (uint)(bytes.Length - offset - 4))
            {
                throw Size(head, $"tensor '{head.Shown}': BYTES element {i} at byte {offset} claims {length} bytes, past the {bytes.Length} bytes of its {OpenInferenceTensors.BinaryDataSize}");
            }

            try
            {
                values[i] = utf8.GetString(bytes.Slice(offset + 4, (int)length));
            }
            catch (DecoderFallbackException)
            {
                throw RequestRefusedException.Field($"{head.Key}.data[{i}]", $"tensor '{head.Shown}': BYTES element {i} is not valid UTF-8 text");
            }

            offset += 4 + (int)length;
        }

        return offset == bytes.Length ? values
            : throw Size(head, $"tensor '{head.Shown}' holds {count} BYTES elements in {offset} bytes, but {OpenInferenceTensors.BinaryDataSize} is {bytes.Length}");
    }

    private static RequestRefusedException Size(TensorHead head, string message) =>
        RequestRefusedException.Field($"{head.Key}.parameters.{OpenInferenceTensors.BinaryDataSize}", message);
}

/// <summary>An Open Inference request's JSON and, with the binary tensor extension, the bytes after it (null without).</summary>
internal sealed record InferBody(JsonDocument Json, ReadOnlyMemory<byte>? Binary) : IDisposable
{
    public void Dispose() => Json.Dispose();
}
