using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Core.Features;
using Ferry.Core.Training;
using Ferry.Core.Training.Cart;
using Ferry.Core.Training.Mlp;

namespace Ferry.Core.Bundles;

/// <summary>Reads and writes the .ferry bundle: a zip of manifest.json and the model entry (ML.NET's
/// model.zip, or mlp.json / tree.json for Ferry's own MLP and tree), whose SHA-256 the manifest holds.</summary>
public static class BundleFile
{
    private const string ManifestEntry = "manifest.json";

    public static void Write(string path, ModelManifest manifest, TrainedModel model)
    {
        using var modelBytes = new MemoryStream();
        model.Model.Save(modelBytes);
        var stamped = manifest with { ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(modelBytes.ToArray())) };

        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var entry = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(entry, stamped, BundleJson.Options);
        }

        using (var entry = zip.CreateEntry(EntryName(stamped.ModelFormat)).Open())
        {
            modelBytes.Position = 0;
            modelBytes.CopyTo(entry);
        }
    }

    public static ModelBundle Read(string path) => Open(path, zip =>
    {
        var manifest = ReadManifest(zip, path);
        using var modelBytes = ReadEntry(zip, EntryName(manifest.ModelFormat), path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(modelBytes.ToArray()));
        if (hash != manifest.ModelSha256)
        {
            throw new FerryException($"{path}: the model does not match its checksum (the bundle was modified or damaged); retrain or restore it");
        }

        var featurizer = new Featurizer(manifest.Inputs, manifest.Features);
        IVectorModel model = manifest.ModelFormat switch
        {
            MlpNetwork.FormatName => MlpNetwork.Load(modelBytes),
            CartTree.FormatName => CartTree.Load(modelBytes),
            _ => MlNetModel.Load(modelBytes, manifest.Type, featurizer.SlotCount, manifest.Classes.Count),
        };
        return new ModelBundle(manifest, new TrainedModel(featurizer, model, manifest.Type, [.. manifest.Classes], manifest.Trace));
    });

    /// <summary>The manifest alone, without loading the model: for what needs a version's schema or verdicts only.</summary>
    public static ModelManifest ReadManifest(string path) => Open(path, zip => ReadManifest(zip, path));

    private static T Open<T>(string path, Func<ZipArchive, T> read)
    {
        if (!File.Exists(path))
        {
            throw new FerryException($"model bundle not found: {path}");
        }

        try
        {
            using var zip = ZipFile.OpenRead(path);
            return read(zip);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            throw new FerryException($"{path}: not a readable Ferry model bundle ({e.Message})", e);
        }
    }

    private static string EntryName(string format) => format switch
    {
        MlNetModel.FormatName => "model.zip",
        MlpNetwork.FormatName => "mlp.json",
        CartTree.FormatName => "tree.json",
        _ => throw new InvalidDataException($"model format '{format}' is not one this Ferry reads (mlnet, mlp, tree)"),
    };

    private static ModelManifest ReadManifest(ZipArchive zip, string path)
    {
        using var stream = ReadEntry(zip, ManifestEntry, path);
        var manifest = JsonSerializer.Deserialize<ModelManifest>(stream, BundleJson.Options)
            ?? throw new FerryException($"{path}: manifest.json is empty");
        return manifest.Format == ModelManifest.CurrentFormat
            ? manifest
            : throw new FerryException($"{path}: bundle format {manifest.Format} is not supported by this Ferry (it reads format {ModelManifest.CurrentFormat})");
    }

    private static MemoryStream ReadEntry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new FerryException($"{path}: the bundle has no {name}");
        var copy = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }
}
