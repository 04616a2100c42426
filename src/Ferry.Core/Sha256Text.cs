using System.Security.Cryptography;

namespace Ferry.Core;

/// <summary>SHA-256 as lower-case hex, the form bundles and the store record digests in.</summary>
internal static class Sha256Text
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string OfFile(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
