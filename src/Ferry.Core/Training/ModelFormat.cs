namespace Ferry.Core.Training;

/// <summary>How one model family is kept in a bundle: the manifest's <c>modelFormat</c> name, the bundle entry that
/// holds the model, and how that entry is read back.</summary>
internal sealed record ModelFormat(string Name, string EntryName, Func<Stream, ModelShape, IVectorModel> Load);
