using System.Security.Cryptography;
using System.Text;
using Ferry.Core.Data;

namespace Ferry.Core.Tests.Data;

public sealed class CellFingerprintTests
{
    [Fact]
    public void Finish_CellsAcrossBufferBoundaries_IsTheSha256OfEveryCellAndSeparator()
    {
        string?[] cells = [.. Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? null : i % 5 == 0 ? $"héllo, wörld {i}" : $"{i * 0.5}"), new string('q', 70_000), "", "✓"];
        var reference = new MemoryStream();
        foreach (var cell in cells)
        {
            reference.Write(Encoding.UTF8.GetBytes(cell ?? "\0"));
            reference.WriteByte(0x1f);
        }

        using var fingerprint = new CellFingerprint();
        foreach (var cell in cells)
        {
            fingerprint.Add(cell);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(reference.ToArray())), fingerprint.Finish());
    }
}
