using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Lifecycle;
using Ferry.Testing;

namespace Ferry.Core.Tests.Bundles;

/// <summary>What reading a bundle checks: the CRC-32 and SHA-256 of every entry, and caps on entries, sizes and ratios
/// applied before anything large is read. The fixture was written by Ferry before digests.json existed.</summary>
public sealed class BundleFileTests : IDisposable
{
    private const long Small = 32L << 20;
    private static readonly string s_fixture = TestFiles.Data("bundles/iris-v1.ferry");
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string Copy(string name = "m.ferry")
    {
        var path = _files.Path(name);
        File.Copy(s_fixture, path);
        return path;
    }

    /// <summary>The fixture written again by this Ferry: the current format, digests.json included.</summary>
    private string Current()
    {
        var path = _files.Path("current.ferry");
        var bundle = BundleFile.Read(s_fixture);
        BundleFile.Write(path, bundle.Manifest, bundle.Model);
        return path;
    }

    private static (FerryException Error, long Allocated) Refusal(Func<object> read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<FerryException>(read);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Read_BundleWrittenBeforeDigests_GivesThePredictionsOfTheBuildThatWroteIt()
    {
        var output = _files.Path("predictions.csv");

        BatchPredictor.Run(BundleFile.Read(s_fixture), TestFiles.Data("bundles/iris-v1-rows.csv"), output, CancellationToken.None);

        Assert.Equal(File.ReadAllText(TestFiles.Data("bundles/iris-v1-predictions.csv")), File.ReadAllText(output));
    }

    [Fact]
    public void Read_BundleWrittenBeforeDigestsWithAFlippedBit_IsRefusedAsCorrupt()
    {
        var path = Copy();
        BundleTampering.FlipBit(path, "manifest.json");

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.StartsWith($"{path}: corrupt bundle: entry manifest.json ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RecordsTheSha256OfEveryOtherEntry()
    {
        var entries = BundleTampering.ReadAll(Current());

        var digests = JsonDocument.Parse(entries["digests.json"]).RootElement.GetProperty("sha256");

        Assert.Equal(["manifest.json", "model.zip"], digests.EnumerateObject().Select(p => p.Name).Order());
        Assert.All(digests.EnumerateObject(), p => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(entries[p.Name])), p.Value.GetString()));
    }

    [Fact]
    public void Read_FlippedBitInTheModel_IsRefusedAsCorruptNamingTheEntry()
    {
        var path = Current();
        BundleTampering.FlipBit(path, "model.zip");

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.StartsWith($"{path}: corrupt bundle: entry model.zip ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ModelZipMlNetCannotLoadUnderAMatchingChecksum_IsRefusedAsUnreadable()
    {
        var path = Copy();
        var entries = BundleTampering.ReadAll(path);
        entries["model.zip"] = [0, 1, 2, 3];
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(entries["manifest.json"])!;
        manifest["modelSha256"] = Convert.ToHexStringLower(SHA256.HashData(entries["model.zip"]));
        entries["manifest.json"] = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        BundleTampering.WriteAll(path, entries);

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.Equal(FerryErrorKind.Refused, error.Kind);
        Assert.StartsWith($"{path}: not a readable Ferry model bundle (model.zip is not a model ML.NET loads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadModelZip_OverOtherFeatureSlotsThanTheBundles_IsRefusedAsNotOverThem()
    {
        var model = BundleTampering.ReadAll(s_fixture)["model.zip"];

        var error = Assert.Throws<InvalidDataException>(() => Ferry.Core.Training.MlNetModel.Load(new MemoryStream(model), Ferry.Core.Spec.ProblemType.MulticlassClassification, 3, 3));

        Assert.StartsWith("model.zip is not a model ML.NET loads over 3 feature slots", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManifestWithTheClassesReversed_IsRefusedByItsDigest()
    {
        var path = Current();
        BundleTampering.ReverseClasses(path, resign: false);

        var error = Assert.Throws<FerryException>(() => BundleFile.ReadManifest(path));

        Assert.Contains("corrupt bundle: entry manifest.json does not match its SHA-256 in digests.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EntryTheDigestsDoNotCover_IsRefused()
    {
        var path = Current();
        var entries = BundleTampering.ReadAll(path);
        entries["extra.bin"] = [1, 2, 3];
        BundleTampering.WriteAll(path, entries);

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.Contains("entry extra.bin is not covered by digests.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SmallZipWhoseEntryInflatesFarBeyondTheCap_IsRefusedBeforeReadingIt()
    {
        var path = _files.Path("bomb.ferry");
        CraftedZips.Write(path, ("manifest.json", [], (byte)' ', 10), ("model.zip", [], 0, 1L << 30));

        var (error, allocated) = Refusal(() => BundleFile.Read(path));

        Assert.InRange(new FileInfo(path).Length, 0, 8L << 20);
        Assert.Equal($"{path}: bundle refused: entry model.zip inflates to 1,073,741,824 bytes, over the cap of {BundleArchive.MaxEntryBytes:N0}", error.Message);
        Assert.InRange(allocated, 0, Small);
    }

    [Fact]
    public void Read_EntryCompressedBeyondTheRatio_IsRefusedBeforeReadingIt()
    {
        var path = _files.Path("ratio.ferry");
        CraftedZips.Write(path, ("model.zip", [], 0, 200L << 20));

        var (error, allocated) = Refusal(() => BundleFile.Read(path));

        Assert.Contains("bundle refused: entry model.zip inflates", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"times its compressed size, over the {BundleArchive.MaxCompressionRatio}:1 a bundle may", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, Small);
    }

    [Fact]
    public void Read_HeaderThatUnderstatesAnEntrysSize_IsRefusedAfterTheStatedBytes()
    {
        var path = _files.Path("lying.ferry");
        CraftedZips.Write(path, ("manifest.json", [], (byte)' ', 64L << 20));
        CraftedZips.StateSize(path, "manifest.json", 1000);

        var (error, allocated) = Refusal(() => BundleFile.ReadManifest(path));

        Assert.StartsWith($"{path}: corrupt bundle: entry manifest.json ", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, Small);
    }

    [Fact]
    public void Read_ManifestPaddedWithWhitespace_IsRefusedByTheManifestCap()
    {
        var path = _files.Path("padded.ferry");
        var manifest = BundleTampering.ReadAll(s_fixture)["manifest.json"];
        CraftedZips.Write(path, ("manifest.json", manifest, (byte)' ', 1L << 30), ("model.zip", BundleTampering.ReadAll(s_fixture)["model.zip"], 0, 0));

        var (error, allocated) = Refusal(() => BundleFile.ReadManifest(path));

        Assert.Equal($"{path}: bundle refused: entry manifest.json inflates to {manifest.Length + (1L << 30):N0} bytes, over the cap of {BundleArchive.MaxMetadataBytes:N0}", error.Message);
        Assert.InRange(allocated, 0, Small);
    }

    [Fact]
    public void Read_MoreEntriesThanABundleHolds_IsRefused()
    {
        var path = _files.Path("many.ferry");
        CraftedZips.Write(path, [.. Enumerable.Range(0, BundleArchive.MaxEntries + 1).Select(i => ($"e{i}", Array.Empty<byte>(), (byte)0, 1L))]);

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.Equal($"{path}: bundle refused: it has {BundleArchive.MaxEntries + 1} entries, over the {BundleArchive.MaxEntries} a bundle may hold", error.Message);
    }

    [Fact]
    public void Read_CentralDirectoryLargerThanABundlesCouldBe_IsRefusedBeforeItIsParsed()
    {
        var path = _files.Path("names.ferry");
        CraftedZips.Write(path, [.. Enumerable.Range(0, BundleArchive.MaxEntries).Select(i => ($"{i:D2}{new string('n', 65530)}", Array.Empty<byte>(), (byte)0, 1L))]);

        var error = Assert.Throws<FerryException>(() => BundleFile.Read(path));

        Assert.StartsWith($"{path}: bundle refused: its central directory is ", error.Message, StringComparison.Ordinal);
    }
}
