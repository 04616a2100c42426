using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;

namespace Ferry.Core.Lifecycle;

/// <summary>A file of raw rows (any source Ferry reads) read against a model's inputs: every input column must
/// be present, other columns are carried along, and each record is parsed into one reused <see cref="Row"/>;
/// a cell that does not parse is an error naming the file, line and column.</summary>
internal sealed class InputFile : IDisposable
{
    private readonly IRecordCursor _cursor;
    private readonly string[] _columns;
    private readonly IReadOnlyList<ColumnInfo> _inputs;
    private readonly int[] _map;

    private InputFile(IRecordSource source, IRecordCursor cursor, ModelManifest manifest)
    {
        Name = source.Name;
        _cursor = cursor;
        _columns = [.. cursor.Columns];
        _inputs = manifest.Inputs;
        _map = [.. _inputs.Select(input => IndexOf(input.Name))];
        var absent = _inputs.Where((_, i) => _map[i] < 0).Select(input => $"'{input.Name}'").ToArray();
        if (absent.Length > 0)
        {
            throw new FerryException($"{Name}: missing column(s) {string.Join(", ", absent)} that model '{manifest.Name}' v{manifest.Version} needs");
        }

        Row = new InputRow(_inputs.Count);
    }

    /// <summary>The file name, for messages.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The current record's cells, every column of the file.</summary>
    public IReadOnlyList<string?> Cells => _cursor.Cells;

    /// <summary>Where the current record is, for messages ("line 12").</summary>
    public string Location => _cursor.Location;

    /// <summary>The current record's model inputs, parsed.</summary>
    public InputRow Row { get; }

    /// <param name="path">The file, relative to the current directory.</param>
    /// <param name="manifest">The model whose inputs the rows must have.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static InputFile Open(string path, ModelManifest manifest, CancellationToken cancellationToken) =>
        Open(RecordSources.For(new DataSpec(path), Directory.GetCurrentDirectory()), manifest, cancellationToken);

    public static InputFile Open(IRecordSource source, ModelManifest manifest, CancellationToken cancellationToken)
    {
        var cursor = source.Open(cancellationToken);
        try
        {
            return new InputFile(source, cursor, manifest);
        }
        catch
        {
            cursor.Dispose();
            throw;
        }
    }

    public int IndexOf(string column) => Array.IndexOf(_columns, column);

    public bool MoveNext()
    {
        if (!_cursor.MoveNext())
        {
            return false;
        }

        for (var i = 0; i < _map.Length; i++)
        {
            var text = _cursor.Cells[_map[i]];
            if (CellParser.TrySet(Row, i, _inputs[i], text) is { } expected)
            {
                throw new FerryException($"{Name} {Location} column '{_inputs[i].Name}': expected {expected}, found '{text}'");
            }
        }

        return true;
    }

    public void Dispose() => _cursor.Dispose();
}
