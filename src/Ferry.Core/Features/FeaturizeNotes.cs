namespace Ferry.Core.Features;

/// <summary>What featurizing a row had to do: fields filled because they were missing, and
/// categories never seen in training.</summary>
internal sealed class FeaturizeNotes
{
    public List<string> Filled { get; } = [];

    public List<string> Unseen { get; } = [];

    public void Clear()
    {
        Filled.Clear();
        Unseen.Clear();
    }
}
