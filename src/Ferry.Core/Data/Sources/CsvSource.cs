namespace Ferry.Core.Data.Sources;

/// <summary>A delimited text file. The separator is a tab for .tsv; otherwise the most frequent of
/// ',', ';' and tab in the header line.</summary>
internal sealed class CsvSource(string path) : IRecordSource
{
    public string Name { get; } = Path.GetFileName(path);

    public IRecordCursor Open(CancellationToken cancellationToken)
    {
        var separator = DetectSeparator(path);
        return Open(FileSources.OpenText(path), separator, Name, cancellationToken);
    }

    /// <summary>A cursor over delimited text, which it disposes (at once when the header is refused); with
    /// <paramref name="unnamedIndex"/>, a first column without a name is an index and is left out of its columns and cells.</summary>
    public static IRecordCursor Open(TextReader reader, char separator, string name, CancellationToken cancellationToken, bool unnamedIndex = false)
    {
        try
        {
            return new Cursor(reader, separator, name, unnamedIndex, cancellationToken);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public static char DetectSeparator(string path)
    {
        if (Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase))
        {
            return '\t';
        }

        using var reader = FileSources.OpenText(path);
        var header = reader.ReadLine() ?? "";
        char[] candidates = [',', ';', '\t'];
        return candidates.OrderByDescending(c => header.Count(ch => ch == c)).First();
    }

    private sealed class Cursor : IRecordCursor
    {
        private readonly TextReader _reader;
        private readonly IEnumerator<CsvRecord> _records;
        private readonly string _name;
        private readonly CancellationToken _cancellationToken;
        private readonly string?[] _cells;
        private readonly int _skipped;

        public Cursor(TextReader reader, char separator, string name, bool unnamedIndex, CancellationToken cancellationToken)
        {
            _reader = reader;
            _name = name;
            _cancellationToken = cancellationToken;
            _records = new CsvReader(reader, separator, name).Records().GetEnumerator();
            if (!_records.MoveNext())
            {
                throw new FerryException($"{name}: the file is empty (expected a header row naming the columns)");
            }

            string[] names = [.. _records.Current.Fields.Select(f => f.Trim())];
            _skipped = unnamedIndex && names.Length > 1 && names[0].Length == 0 ? 1 : 0;
            Columns = Header.Validate(names[_skipped..], $"{name} line {_records.Current.Line}", _skipped);
            _cells = new string?[Columns.Count];
        }

        public IReadOnlyList<string> Columns { get; }

        public IReadOnlyList<string?> Cells => _cells;

        public string Location => $"line {_records.Current.Line}";

        public bool MoveNext()
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!_records.MoveNext())
            {
                return false;
            }

            var fields = _records.Current.Fields;
            if (fields.Length != _skipped + _cells.Length)
            {
                throw new FerryException($"{_name} line {_records.Current.Line}: expected {_skipped + _cells.Length} fields as in the header, found {fields.Length}");
            }

            for (var i = 0; i < _cells.Length; i++)
            {
                var field = fields[_skipped + i];
                _cells[i] = ValueParser.IsMissing(field) ? null : field;
            }

            return true;
        }

        public void Dispose()
        {
            _records.Dispose();
            _reader.Dispose();
        }
    }
}
