using Parquet;
using Parquet.Schema;

namespace Ferry.Core.Data.Sources;

/// <summary>A Parquet file (Parquet.Net), read one row group at a time, so memory holds one row group's cells, not the
/// file. Flat columns of numbers, text, booleans, decimals, dates and timestamps; a list, map or struct column is an
/// error naming it.</summary>
internal sealed class ParquetSource(string path) : IRecordSource
{
    public string Name { get; } = Path.GetFileName(path);

    public IRecordCursor Open(CancellationToken cancellationToken)
    {
        var stream = FileSources.Open(path);
        ParquetReader? reader = null;
        try
        {
            reader = ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).GetAwaiter().GetResult();
            var fields = reader.Schema.Fields.Select(Flat).ToArray();
            return new Cursor(reader, stream, fields, Header.Validate([.. fields.Select(f => f.Name)], Name), Name, cancellationToken);
        }
        catch (Exception e) when (e is not FerryException and not OperationCanceledException)
        {
            reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Dispose();
            throw new FerryException($"{Name}: not a readable Parquet file ({e.Message})", e);
        }
        catch
        {
            reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Dispose();
            throw;
        }
    }

    private DataField Flat(Field field) => field is DataField { IsArray: false } data
        ? data
        : throw new FerryException($"{Name}: column '{field.Name}' is a {field.SchemaType.ToString().ToLowerInvariant()} of values; Ferry reads flat columns (one value per row) only");

    private sealed class Cursor(ParquetReader reader, Stream stream, DataField[] fields, IReadOnlyList<string> columns, string name, CancellationToken cancellationToken)
        : IRecordCursor
    {
        private readonly string?[] _cells = new string?[fields.Length];
        private string?[][] _group = [];
        private int _groupIndex = -1;
        private int _groupRows;
        private int _rowInGroup;
        private long _row;

        public IReadOnlyList<string> Columns => columns;

        public IReadOnlyList<string?> Cells => _cells;

        public string Location => $"row {_row}";

        public bool MoveNext()
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (_rowInGroup >= _groupRows)
            {
                if (++_groupIndex >= reader.RowGroupCount)
                {
                    return false;
                }

                _group = ReadGroup(_groupIndex);
                (_groupRows, _rowInGroup) = (_group[0].Length, 0);
            }

            for (var c = 0; c < _cells.Length; c++)
            {
                _cells[c] = _group[c][_rowInGroup];
            }

            _rowInGroup++;
            _row++;
            return true;
        }

        private string?[][] ReadGroup(int index)
        {
            try
            {
                using var group = reader.OpenRowGroupReader(index);
                return [.. fields.Select(field => ParquetColumn.ReadAsync(group, field, (int)group.RowCount, cancellationToken).GetAwaiter().GetResult())];
            }
            catch (Exception e) when (e is not FerryException and not OperationCanceledException)
            {
                throw new FerryException($"{name} row group {index + 1}: cannot be read ({e.Message})", e);
            }
        }

        public void Dispose()
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Dispose();
        }
    }
}
