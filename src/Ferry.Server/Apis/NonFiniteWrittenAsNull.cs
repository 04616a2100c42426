using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Server.Apis;

/// <summary>Writes every double of an answer as a JSON number, and one that is not finite (a metric undefined for a window of
/// one class, a missing reference) as <c>null</c>: JSON has no NaN, and a string "NaN" in a number field breaks a typed client.
/// So the serializer's numbers stay strict and the OpenAPI document types each double as a number (or null).</summary>
internal sealed class NonFiniteWrittenAsNull : JsonConverter<double>
{
    public override bool HandleNull => false;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
