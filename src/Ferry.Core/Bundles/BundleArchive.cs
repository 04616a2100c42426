using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Ferry.Core.Bundles;

/// <summary>Reads every entry of a bundle's zip to its end, within caps checked before anything is read: the number of
/// entries and the size of the central directory (from the end record, before ZipArchive parses it), each entry's uncompressed size (from the central directory, and again while inflating, since a header can
/// lie) and its compression ratio. Each entry's CRC-32 is checked (System.IO.Compression on .NET 10 does not) and its
/// SHA-256 computed; the bytes of the entries asked for are kept.</summary>
internal static class BundleArchive
{
    /// <summary>A bundle holds manifest.json, digests.json and one model entry.</summary>
    public const int MaxEntries = 16;

    /// <summary>Cap of manifest.json and digests.json. The manifest grows with the columns, about 32 KB each (mostly the
    /// drift reference): 9.7 MB for 300 columns (20,000 rows, a 200-tree forest), so this holds about 4,000 columns.</summary>
    public const long MaxMetadataBytes = 128L << 20;

    /// <summary>Cap of the model entry (and any other). The 200-tree forest on 300 columns above is 0.5 MB (ML.NET's
    /// model.zip): this is three orders of magnitude above it, and still a bundle a server can hold.</summary>
    public const long MaxEntryBytes = 512L << 20;

    /// <summary>Uncompressed over compressed size. Real entries: manifest.json 4.5:1 to 8:1, ML.NET's model.zip (itself
    /// compressed) about 1:1; a zip bomb's entry is near deflate's limit of about 1,000:1.</summary>
    public const int MaxCompressionRatio = 100;

    /// <summary>Entries this small are not held to the ratio: whatever they inflate to is harmless.</summary>
    public const long RatioFloorBytes = 1L << 20;

    public const string ManifestEntry = "manifest.json";
    public const string DigestsEntry = "digests.json";

    /// <summary>The central directory of so few entries is far smaller than this (46 bytes and a short name each).</summary>
    public const int MaxCentralDirectoryBytes = 1 << 20;

    /// <summary>The end-of-central-directory record: 22 bytes and a comment of up to 65,535.</summary>
    private const int EndRecordBytes = 22;

    /// <summary>Opens the zip at <paramref name="path"/> after checking, in its end record, the number of entries and the
    /// size of the central directory, which ZipArchive reads whole (an object per entry) when it opens.</summary>
    public static ZipArchive Open(string path)
    {
        var file = File.OpenRead(path);
        try
        {
            var tail = new byte[(int)Math.Min(file.Length, EndRecordBytes + ushort.MaxValue)];
            file.Position = file.Length - tail.Length;
            file.ReadExactly(tail);
            for (var at = tail.Length - EndRecordBytes; at >= 0; at--)
            {
                if (BitConverter.ToUInt32(tail, at) == 0x06054b50)
                {
                    CheckDirectory(path, BitConverter.ToUInt16(tail, at + 10), BitConverter.ToUInt32(tail, at + 12));
                    break;
                }
            }

            file.Position = 0;
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Every entry of <paramref name="zip"/> read and checked; the bytes kept for the names in <paramref name="keep"/>.</summary>
    public static IReadOnlyDictionary<string, BundleEntry> Read(ZipArchive zip, string path, IReadOnlySet<string> keep)
    {
        var entries = new Dictionary<string, BundleEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            Check(entry, path);
            if (!entries.TryAdd(entry.FullName, ReadEntry(entry, path, keep.Contains(entry.FullName))))
            {
                throw Corrupt(path, $"entry {entry.FullName} appears twice");
            }
        }

        return entries;
    }

    public static FerryException Corrupt(string path, string reason) =>
        new(FerryErrorKind.Refused, $"{path}: corrupt bundle: {reason} (the file was damaged or modified; restore it or retrain)");

    private static FerryException Refused(string path, string reason) => new(FerryErrorKind.Refused, $"{path}: bundle refused: {reason}");

    /// <summary>ZIP64 (counts and sizes of all ones in the end record) is refused too: a bundle's entries never need it.</summary>
    private static void CheckDirectory(string path, ushort entries, uint directoryBytes)
    {
        if (entries > MaxEntries)
        {
            throw Refused(path, entries == ushort.MaxValue
                ? "it is a ZIP64 archive, which a bundle never is"
                : $"it has {entries} entries, over the {MaxEntries} a bundle may hold");
        }

        if (directoryBytes > MaxCentralDirectoryBytes)
        {
            throw Refused(path, $"its central directory is {directoryBytes:N0} bytes, over the {MaxCentralDirectoryBytes:N0} a bundle's may be");
        }
    }

    private static void Check(ZipArchiveEntry entry, string path)
    {
        var cap = entry.FullName is ManifestEntry or DigestsEntry ? MaxMetadataBytes : MaxEntryBytes;
        if (entry.Length > cap)
        {
            throw Refused(path, $"entry {entry.FullName} inflates to {entry.Length:N0} bytes, over the cap of {cap:N0}");
        }

        if (entry.Length > RatioFloorBytes && entry.Length > MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
        {
            throw Refused(path, $"entry {entry.FullName} inflates {entry.Length / Math.Max(entry.CompressedLength, 1):N0} times its compressed size, " +
                $"over the {MaxCompressionRatio}:1 a bundle may");
        }
    }

    private static BundleEntry ReadEntry(ZipArchiveEntry entry, string path, bool keep)
    {
        var bytes = keep ? new byte[entry.Length] : null;
        var buffer = new byte[81920];
        var crc = new Crc32();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var total = 0L;
        try
        {
            using var stream = entry.Open();
            for (var read = stream.Read(buffer); read > 0; read = stream.Read(buffer))
            {
                if (total + read > entry.Length)
                {
                    throw Corrupt(path, $"entry {entry.FullName} inflates past the {entry.Length:N0} bytes its header states");
                }

                var chunk = buffer.AsSpan(0, read);
                if (bytes is not null)
                {
                    chunk.CopyTo(bytes.AsSpan((int)total));
                }

                crc.Append(chunk);
                sha.AppendData(chunk);
                total += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw Corrupt(path, $"entry {entry.FullName} cannot be inflated ({e.Message})");
        }

        if (total != entry.Length)
        {
            throw Corrupt(path, $"entry {entry.FullName} ends after {total:N0} of the {entry.Length:N0} bytes its header states");
        }

        return crc.GetCurrentHashAsUInt32() == entry.Crc32
            ? new BundleEntry(bytes, Convert.ToHexStringLower(sha.GetHashAndReset()))
            : throw Corrupt(path, $"entry {entry.FullName} fails its CRC-32 check");
    }
}
