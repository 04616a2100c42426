namespace Ferry.Core.Bundles;

/// <summary>One entry of a bundle, read to its end and CRC-checked: its SHA-256, and its bytes when they were asked for.</summary>
internal sealed record BundleEntry(byte[]? Bytes, string Sha256);
