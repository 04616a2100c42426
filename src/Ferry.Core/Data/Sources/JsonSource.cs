using System.Text.Json;

namespace Ferry.Core.Data.Sources;

/// <summary>A JSON file holding an array of records, or a JSON-lines file (one record per line).
/// Columns are the keys in order of first appearance; a key absent from a record is a missing value.</summary>
internal sealed class JsonSource(string path) : IRecordSource
{
    public string Name { get; } = Path.GetFileName(path);

    public IRecordCursor Open(CancellationToken cancellationToken)
    {
        var records = Records(cancellationToken);
        var columns = new List<string>();
        foreach (var (record, _) in records)
        {
            foreach (var property in record.EnumerateObject().Where(p => !columns.Contains(p.Name)))
            {
                columns.Add(property.Name);
            }
        }

        return new Cursor(Header.Validate(columns, Name), Records(cancellationToken).GetEnumerator());
    }

    private IEnumerable<(JsonElement Record, string Location)> Records(CancellationToken cancellationToken)
    {
        using var reader = FileSources.OpenText(path);
        var first = (char)reader.Peek();
        while (char.IsWhiteSpace(first) && reader.Read() >= 0)
        {
            first = (char)reader.Peek();
        }

        if (first == '[')
        {
            using var document = Parse(reader.ReadToEnd(), "the file");
            var index = 0;
            foreach (var record in document.RootElement.EnumerateArray())
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                yield return (Object(record, $"record {index}"), $"record {index}");
            }

            yield break;
        }

        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            using var document = Parse(text, $"line {line}");
            yield return (Object(document.RootElement.Clone(), $"line {line}"), $"line {line}");
        }
    }

    private JsonDocument Parse(string text, string where)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FerryException($"{Name} {where}: not valid JSON ({e.Message})", e);
        }
    }

    private JsonElement Object(JsonElement record, string where) => record.ValueKind == JsonValueKind.Object
        ? record
        : throw new FerryException($"{Name} {where}: expected a JSON object of fields, found {record.ValueKind}");

    private sealed class Cursor(IReadOnlyList<string> columns, IEnumerator<(JsonElement Record, string Location)> records) : IRecordCursor
    {
        private readonly string?[] _cells = new string?[columns.Count];

        public IReadOnlyList<string> Columns => columns;

        public IReadOnlyList<string?> Cells => _cells;

        public string Location => records.Current.Location;

        public bool MoveNext()
        {
            if (!records.MoveNext())
            {
                return false;
            }

            for (var i = 0; i < _cells.Length; i++)
            {
                _cells[i] = records.Current.Record.TryGetProperty(columns[i], out var value) ? Text(value) : null;
            }

            return true;
        }

        public void Dispose() => records.Dispose();

        private static string? Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.String => InvariantText.Of(value.GetString()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };
    }
}
