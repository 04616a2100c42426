using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Ferry.Testing;

/// <summary>Rewrites bundles as an attacker or a damaged disk would: a manifest with the classes reversed (its digest
/// re-signed or not), one bit flipped.</summary>
internal static class BundleTampering
{
    /// <summary>Rewrites manifest.json with the class labels reversed, every label swapped; with <paramref name="resign"/>
    /// digests.json is rewritten to match, so only the SHA-256 of the whole file the store recorded can tell.</summary>
    public static void ReverseClasses(string path, bool resign)
    {
        var entries = ReadAll(path);
        var manifest = JsonNode.Parse(entries["manifest.json"])!;
        var classes = manifest["classes"]!.AsArray().Select(c => c!.GetValue<string>()).Reverse().ToArray();
        manifest["classes"] = new JsonArray([.. classes.Select(c => JsonValue.Create(c))]);
        entries["manifest.json"] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        if (resign && entries.TryGetValue("digests.json", out var digests))
        {
            var node = JsonNode.Parse(digests)!;
            node["sha256"]!["manifest.json"] = Convert.ToHexStringLower(SHA256.HashData(entries["manifest.json"]));
            entries["digests.json"] = System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        WriteAll(path, entries);
    }

    /// <summary>Flips one bit in the middle of <paramref name="entry"/>'s data as stored in the file (its compressed bytes).</summary>
    public static void FlipBit(string path, string entry)
    {
        long offset;
        using (var zip = ZipFile.OpenRead(path))
        {
            var found = zip.GetEntry(entry)!;
            offset = DataOffset(path, found) + found.CompressedLength / 2;
        }

        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    public static Dictionary<string, byte[]> ReadAll(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    public static void WriteAll(string path, IReadOnlyDictionary<string, byte[]> entries)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, content) in entries)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }
    }

    /// <summary>Where an entry's data starts: after its local header (30 bytes, the name and the extra field).</summary>
    private static long DataOffset(string path, ZipArchiveEntry entry)
    {
        using var file = File.OpenRead(path);
        var header = new byte[30];
        var start = LocalHeaderOffset(path, entry.FullName);
        file.Position = start;
        file.ReadExactly(header);
        return start + 30 + BitConverter.ToUInt16(header, 26) + BitConverter.ToUInt16(header, 28);
    }

    /// <summary>The local header's offset, from the entry's central directory record.</summary>
    private static long LocalHeaderOffset(string path, string name)
    {
        var bytes = File.ReadAllBytes(path);
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            if (BitConverter.ToUInt32(bytes, i) == 0x02014b50 && BitConverter.ToUInt16(bytes, i + 28) == nameBytes.Length
                && bytes.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes))
            {
                return BitConverter.ToUInt32(bytes, i + 42);
            }
        }

        throw new InvalidOperationException($"{name} is not in {path}");
    }
}
