using System.Buffers;
using System.Text;
using System.Text.Json;
using Ferry.Core.Data;

namespace Ferry.Core.Storage;

/// <summary>Writes a logged row's input values as a JSON array of strings (null: missing), reusing one buffer: the
/// prediction log writes this for every served row.</summary>
internal sealed class InputJson
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public InputJson() => _writer = new Utf8JsonWriter(_buffer);

    public string Write(PredictionRecord prediction)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartArray();
        Span<char> text = stackalloc char[32];
        var inputs = prediction.Inputs;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Kind == ColumnKind.Category)
            {
                _writer.WriteStringValue(prediction.Row.Text(i));
            }
            else if (double.IsNaN(prediction.Row.Number(i)))
            {
                _writer.WriteNullValue();
            }
            else
            {
                prediction.Row.Number(i).TryFormat(text, out var written, "R", System.Globalization.CultureInfo.InvariantCulture);
                _writer.WriteStringValue(text[..written]);
            }
        }

        _writer.WriteEndArray();
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
