namespace Ferry.Core.Data;

/// <summary>The snapshot of a source that holds nothing: each pass reads the source again (a file).</summary>
internal sealed class RereadSnapshot(IRecordSource source) : IRecordSnapshot
{
    public string Name => source.Name;

    public IRecordCursor Open(CancellationToken cancellationToken) => source.Open(cancellationToken);

    public void Dispose()
    {
    }
}
