using System.IO.Compression;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Tests.Training;

public sealed class ModelZipCapsTests
{
    [Fact]
    public void Load_ModelZipWhoseEntryIsABomb_IsRefusedBeforeMlNetInflatesIt()
    {
        var zip = Zip(("TransformerChain/Model.key", new byte[8 << 20]));

        var error = Assert.Throws<InvalidDataException>(() => MlNetModel.Load(new MemoryStream(zip), ProblemType.Regression, 3, 0));

        Assert.StartsWith("model.zip's entry TransformerChain/Model.key inflates", error.Message, StringComparison.Ordinal);
        Assert.Contains($"over the {ModelZipCaps.MaxCompressionRatio}:1 a model may", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelZipOfTooManyEntries_IsRefusedNamingTheCap()
    {
        var zip = Zip([.. Enumerable.Range(0, ModelZipCaps.MaxEntries + 1).Select(i => ($"e{i}", Array.Empty<byte>()))]);

        var error = Assert.Throws<InvalidDataException>(() => MlNetModel.Load(new MemoryStream(zip), ProblemType.Regression, 3, 0));

        Assert.Equal($"model.zip has {ModelZipCaps.MaxEntries + 1:N0} entries, over the {ModelZipCaps.MaxEntries:N0} a model may hold", error.Message);
    }

    [Fact]
    public void Check_ModelZipWithinTheCaps_LeavesTheStreamWhereItWas()
    {
        using var stream = new MemoryStream(Zip(("Schema", new byte[1000])));

        ModelZipCaps.Check(stream);

        Assert.Equal(0, stream.Position);
    }

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return bytes.ToArray();
    }
}
