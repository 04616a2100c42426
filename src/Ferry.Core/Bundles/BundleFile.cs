using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Core.Bundles.Format1;
using Ferry.Core.Features;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles;

/// <summary>Reads and writes the .ferry bundle: a zip of manifest.json, the model entry (ML.NET's model.zip, or
/// mlp.json / tree.json for Ferry's own MLP and tree) and digests.json, the SHA-256 of every other entry. Reading checks
/// every entry's size, compression ratio and CRC-32 (<see cref="BundleArchive"/>), then the digests; bundles written
/// before digests.json (decision record 012) are checked by CRC-32 and the model entry's SHA-256 in the manifest.</summary>
public static class BundleFile
{
    private static readonly HashSet<string> s_manifestOnly = [BundleArchive.ManifestEntry, BundleArchive.DigestsEntry];
    private static readonly HashSet<string> s_everything = [.. s_manifestOnly, .. ModelFormats.All.Select(format => format.EntryName)];

    public static void Write(string path, ModelManifest manifest, TrainedModel model)
    {
        using var modelBytes = new MemoryStream();
        model.Model.Save(modelBytes);
        var modelEntry = modelBytes.ToArray();
        var stamped = manifest with { ModelSha256 = Sha256(modelEntry) };
        var manifestEntry = ManifestJson.Write(stamped);
        var modelName = ModelFormats.Named(stamped.ModelFormat).EntryName;
        var digests = new DigestsFile(new Dictionary<string, string>
        {
            [BundleArchive.ManifestEntry] = Sha256(manifestEntry),
            [modelName] = Sha256(modelEntry),
        });

        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        WriteEntry(zip, BundleArchive.ManifestEntry, manifestEntry);
        WriteEntry(zip, modelName, modelEntry);
        WriteEntry(zip, BundleArchive.DigestsEntry, JsonSerializer.SerializeToUtf8Bytes(digests, BundleJson.Options));
    }

    /// <summary>The manifest as a bundle's manifest.json holds it (the file contract, not the in-memory names).</summary>
    public static string ManifestText(ModelManifest manifest) => System.Text.Encoding.UTF8.GetString(ManifestJson.Write(manifest));

    public static ModelBundle Read(string path) => Open(path, s_everything, (entries, manifest) =>
    {
        var format = ModelFormats.Named(manifest.ModelFormat);
        var name = format.EntryName;
        var modelBytes = entries.TryGetValue(name, out var entry) ? entry.Bytes! : throw new FerryException(FerryErrorKind.Refused, $"{path}: the bundle has no {name}");
        if (entry.Sha256 != manifest.ModelSha256)
        {
            throw new FerryException(FerryErrorKind.Refused, $"{path}: the model does not match its checksum (the bundle was modified or damaged); retrain or restore it");
        }

        using var stream = new MemoryStream(modelBytes, writable: false);
        var featurizer = new Featurizer(manifest.Inputs, manifest.Features);
        var model = format.Load(stream, new ModelShape(manifest.Type, featurizer.SlotCount, manifest.Classes.Count));
        return new ModelBundle(manifest, new TrainedModel(featurizer, model, manifest.Type, [.. manifest.Classes], manifest.Trace, manifest.Threshold,
            manifest.Calibration));
    });

    /// <summary>The manifest alone, without loading the model (every entry is still read and checked): for what needs a
    /// version's schema or verdicts only.</summary>
    public static ModelManifest ReadManifest(string path) => Open(path, s_manifestOnly, (_, manifest) => manifest);

    private static T Open<T>(string path, IReadOnlySet<string> keep, Func<IReadOnlyDictionary<string, BundleEntry>, ModelManifest, T> read)
    {
        if (!File.Exists(path))
        {
            throw new FerryException(FerryErrorKind.NotFound, $"model bundle not found: {path}");
        }

        try
        {
            using var zip = BundleArchive.Open(path);
            var entries = BundleArchive.Read(zip, path, keep);
            CheckDigests(entries, path);
            return read(entries, Manifest(entries, path));
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            throw new FerryException(FerryErrorKind.Refused, $"{path}: not a readable Ferry model bundle ({e.Message})", e);
        }
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name).Open();
        entry.Write(content);
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>With digests.json, every other entry must be listed in it and match; without it (a bundle written before
    /// it existed) there is nothing to check here.</summary>
    private static void CheckDigests(IReadOnlyDictionary<string, BundleEntry> entries, string path)
    {
        if (!entries.TryGetValue(BundleArchive.DigestsEntry, out var digestsEntry))
        {
            return;
        }

        var digests = JsonSerializer.Deserialize<DigestsFile>(digestsEntry.Bytes, BundleJson.Options)?.Sha256
            ?? throw BundleArchive.Corrupt(path, $"{BundleArchive.DigestsEntry} is empty");
        foreach (var (name, entry) in entries.Where(e => e.Key != BundleArchive.DigestsEntry))
        {
            if (!digests.TryGetValue(name, out var expected))
            {
                throw BundleArchive.Corrupt(path, $"entry {name} is not covered by {BundleArchive.DigestsEntry}");
            }

            if (expected != entry.Sha256)
            {
                throw BundleArchive.Corrupt(path, $"entry {name} does not match its SHA-256 in {BundleArchive.DigestsEntry} (expected {expected}, found {entry.Sha256})");
            }
        }

        if (digests.Keys.FirstOrDefault(name => !entries.ContainsKey(name)) is { } missing)
        {
            throw BundleArchive.Corrupt(path, $"{BundleArchive.DigestsEntry} lists entry {missing}, which the bundle lacks");
        }
    }

    private static ModelManifest Manifest(IReadOnlyDictionary<string, BundleEntry> entries, string path) =>
        entries.TryGetValue(BundleArchive.ManifestEntry, out var entry)
            ? ManifestJson.Read(entry.Bytes!, path)
            : throw new FerryException(FerryErrorKind.Refused, $"{path}: the bundle has no {BundleArchive.ManifestEntry}");
}
