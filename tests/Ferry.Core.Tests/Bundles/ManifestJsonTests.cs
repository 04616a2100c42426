using System.Text.Json.Nodes;
using Ferry.Core.Bundles;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Bundles;

/// <summary>How manifest.json is read: by its `format` first, with the defaults of format 1 for what older manifests lack,
/// and a null where format 1 has none refused by name. Each test rewrites the manifest of the fixture written before
/// digests.json existed, so nothing but the CRC-32 vouches for it.</summary>
public sealed class ManifestJsonTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Rewritten(Action<JsonObject> change)
    {
        var path = _files.Path("rewritten.ferry");
        var entries = BundleTampering.ReadAll(TestFiles.Data("bundles/iris-v1.ferry"));
        var manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
        change(manifest);
        entries["manifest.json"] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        BundleTampering.WriteAll(path, entries);
        return path;
    }

    [Fact]
    public void ReadManifest_ManifestOfAnotherFormat_IsRefusedNamingTheFormat()
    {
        var path = Rewritten(manifest =>
        {
            manifest.Clear();
            manifest["format"] = 2;
            manifest["model"] = new JsonObject();
        });

        var error = Assert.Throws<FerryException>(() => BundleFile.ReadManifest(path));

        Assert.Equal((FerryErrorKind.Refused, $"{path}: bundle format 2 is not supported by this Ferry (it reads format 1)"), (error.Kind, error.Message));
    }

    [Fact]
    public void ReadManifest_ManifestWithoutTheValuesRecordedLater_ReadsTheirDefaults()
    {
        string[] later = ["format", "ranges", "confusion", "classReport", "importance", "modelFormat", "trace", "reference", "monitor", "modelSha256"];
        var path = Rewritten(manifest => Array.ForEach(later, name => manifest.Remove(name)));

        var manifest = BundleFile.ReadManifest(path);

        Assert.Equal((1, 0, null, 0, 0, "mlnet", 0, ""), (manifest.Format, manifest.Ranges.Count, manifest.Confusion, manifest.ClassReport.Count,
            manifest.Importance.Count, manifest.ModelFormat, manifest.Trace.Count, manifest.ModelSha256));
        Assert.Equal((0, 0, null), (manifest.Reference.Rows, manifest.Reference.Features.Count, manifest.Reference.Prediction));
        Assert.Equal(MonitorSpec.Default, manifest.Monitor);
    }

    [Fact]
    public void ReadManifest_ManifestWithANullWhereFormat1HasNone_IsRefusedNamingTheValue()
    {
        var path = Rewritten(manifest => manifest["classes"] = null);

        var error = Assert.Throws<FerryException>(() => BundleFile.ReadManifest(path));

        Assert.Equal(FerryErrorKind.Refused, error.Kind);
        Assert.StartsWith($"{path}: not a readable Ferry model bundle (", error.Message, StringComparison.Ordinal);
        Assert.Contains("'classes'", error.Message, StringComparison.Ordinal);
    }
}
