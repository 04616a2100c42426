using System.IO.Compression;

namespace Ferry.Core.Tests.Bundles;

/// <summary>Zips built for the bundle reader's caps: large entries streamed from a repeated byte (a few MB on disk,
/// nothing large in memory), and headers patched to lie about an entry's size.</summary>
internal static class CraftedZips
{
    /// <summary>A zip of <paramref name="entries"/>, each <c>(name, prefix, repeated byte, count)</c>: the prefix, then the byte repeated.</summary>
    public static void Write(string path, params (string Name, byte[] Prefix, byte Fill, long Count)[] entries)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var chunk = new byte[1 << 20];
        foreach (var (name, prefix, fill, count) in entries)
        {
            Array.Fill(chunk, fill);
            using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            stream.Write(prefix);
            for (var left = count; left > 0; left -= chunk.Length)
            {
                stream.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
            }
        }
    }

    /// <summary>Sets the uncompressed size that both the local header and the central directory state for <paramref name="name"/>.</summary>
    public static void StateSize(string path, string name, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var signature = BitConverter.ToUInt32(bytes, i);
            var (nameAt, sizeAt) = signature switch
            {
                0x04034b50 => (30, 22),
                0x02014b50 => (46, 24),
                _ => (0, 0),
            };
            var nameLength = nameAt == 0 ? 0 : BitConverter.ToUInt16(bytes, i + nameAt - (nameAt == 30 ? 4 : 18));
            if (nameAt > 0 && nameLength == nameBytes.Length && bytes.AsSpan(i + nameAt, nameLength).SequenceEqual(nameBytes))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + sizeAt, 4), size);
            }
        }

        File.WriteAllBytes(path, bytes);
    }
}
