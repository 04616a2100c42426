namespace Ferry.Core.Data.Sources;

/// <summary>One source's records followed by another's, the second's columns in the first's order
/// (`ferry retrain`: the training data, then the labelled production rows).</summary>
internal sealed class AppendedSource(IRecordSource first, IRecordSource second) : IRecordSource
{
    public string Name => $"{first.Name} + {second.Name}";

    public IRecordCursor Open(CancellationToken cancellationToken)
    {
        var head = first.Open(cancellationToken);
        try
        {
            return new Cursor(head, second.Open(cancellationToken));
        }
        catch
        {
            head.Dispose();
            throw;
        }
    }

    public IRecordSnapshot Snapshot(CancellationToken cancellationToken)
    {
        var head = first.Snapshot(cancellationToken);
        try
        {
            return new Held(head, second.Snapshot(cancellationToken));
        }
        catch
        {
            head.Dispose();
            throw;
        }
    }

    /// <summary>Both sources held still: the appended rows of two snapshots.</summary>
    private sealed class Held(IRecordSnapshot first, IRecordSnapshot second) : IRecordSnapshot
    {
        private readonly AppendedSource _rows = new(first, second);

        public string Name => _rows.Name;

        public IRecordCursor Open(CancellationToken cancellationToken) => _rows.Open(cancellationToken);

        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }

    private sealed class Cursor(IRecordCursor first, IRecordCursor second) : IRecordCursor
    {
        private bool _second;

        public IReadOnlyList<string> Columns => first.Columns;

        public IReadOnlyList<string?> Cells => _second ? second.Cells : first.Cells;

        public string Location => _second ? second.Location : first.Location;

        public bool MoveNext()
        {
            if (!_second && first.MoveNext())
            {
                return true;
            }

            _second = true;
            return second.MoveNext();
        }

        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
