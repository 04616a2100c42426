using System.Text.Json.Serialization;

namespace Ferry.Core.Bundles.Format1;

/// <summary>digests.json of a bundle: the SHA-256 of every other entry, manifest.json included. It cannot vouch for
/// itself: a rewritten manifest with a rewritten digests.json is caught by the SHA-256 of the whole file that the store
/// records when the version is registered.</summary>
internal sealed record DigestsFile([property: JsonPropertyName("sha256")] IReadOnlyDictionary<string, string> Sha256);
