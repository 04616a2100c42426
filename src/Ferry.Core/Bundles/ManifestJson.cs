using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Bundles.Format1;

namespace Ferry.Core.Bundles;

/// <summary>manifest.json to and from the in-memory <see cref="ModelManifest"/>. Reading takes the file's `format` first
/// (1 when absent) and hands the file to that format's records and mapper; writing always writes the current format.
/// A null where the format has none is refused by name (a JsonException) instead of read.</summary>
internal static class ManifestJson
{
    private static readonly JsonSerializerOptions s_options = new(BundleJson.Options) { RespectNullableAnnotations = true };

    public static byte[] Write(ModelManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(ManifestFormat.ToFile(manifest), s_options);

    public static ModelManifest Read(byte[] bytes, string path)
    {
        var stamp = JsonSerializer.Deserialize<FormatStamp>(bytes, s_options) ?? throw Empty(path);
        return stamp.Format switch
        {
            ManifestFile.Number => ManifestFormat.FromFile(JsonSerializer.Deserialize<ManifestFile>(bytes, s_options) ?? throw Empty(path)),
            _ => throw new FerryException(FerryErrorKind.Refused,
                $"{path}: bundle format {stamp.Format} is not supported by this Ferry (it reads format {ModelManifest.CurrentFormat})"),
        };
    }

    private static FerryException Empty(string path) => new(FerryErrorKind.Refused, $"{path}: manifest.json is empty");

    /// <summary>The one property every format has.</summary>
    private sealed record FormatStamp([property: JsonPropertyName("format")] int Format = ManifestFile.Number);
}
