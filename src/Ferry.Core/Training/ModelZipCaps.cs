using System.IO.Compression;

namespace Ferry.Core.Training;

/// <summary>The caps an ML.NET model.zip is held to before ML.NET opens it: a bundle's reader caps the bundle's own
/// entries, but model.zip is a zip too, and ML.NET inflates its entries whole. So the number of entries, the total
/// they state they inflate to and each one's compression ratio are checked from the central directory first; .NET's
/// zip reader then stops an entry at the size it states, so a header that lies cannot inflate past the cap.</summary>
internal static class ModelZipCaps
{
    /// <summary>A forest of 200 trees is 9 entries and a one-versus-all of 10 classes about 40: far below this.</summary>
    public const int MaxEntries = 4096;

    /// <summary>The bundle's own cap of one entry (BundleArchive.MaxEntryBytes), for every entry of model.zip together.</summary>
    public const long MaxBytes = 512L << 20;

    /// <summary>ML.NET's entries compress about 2:1 (a zip bomb's about 1,000:1).</summary>
    public const int MaxCompressionRatio = 100;

    /// <summary>Entries this small are not held to the ratio.</summary>
    public const long RatioFloorBytes = 1L << 20;

    /// <exception cref="InvalidDataException">The zip breaks a cap (the message says which).</exception>
    public static void Check(Stream stream)
    {
        var start = stream.Position;
        ZipArchive opened;
        try
        {
            opened = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            stream.Position = start;
            return; // not a zip at all: ML.NET's loader refuses it in its own words
        }

        using (var zip = opened)
        {
            if (zip.Entries.Count > MaxEntries)
            {
                throw new InvalidDataException($"model.zip has {zip.Entries.Count:N0} entries, over the {MaxEntries:N0} a model may hold");
            }

            var total = 0L;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > MaxBytes)
                {
                    throw new InvalidDataException($"model.zip's entries inflate to over {MaxBytes:N0} bytes, the cap of a model");
                }

                if (entry.Length > RatioFloorBytes && entry.Length > MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
                {
                    throw new InvalidDataException($"model.zip's entry {entry.FullName} inflates {entry.Length / Math.Max(entry.CompressedLength, 1):N0} times "
                        + $"its compressed size, over the {MaxCompressionRatio}:1 a model may");
                }
            }
        }

        stream.Position = start;
    }
}
