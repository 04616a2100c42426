using System.Text;
using ExcelDataReader;

namespace Ferry.Core.Data.Sources;

/// <summary>One sheet of an .xlsx workbook (the first, or the one named); its first row names the columns.</summary>
internal sealed class ExcelSource(string path, string? sheet) : IRecordSource
{
    static ExcelSource()
    {
        // ExcelDataReader asks for code page 1252 even for .xlsx; .NET has it only through this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public string Name { get; } = Path.GetFileName(path);

    public IRecordCursor Open(CancellationToken cancellationToken)
    {
        var stream = FileSources.Open(path);
        IExcelDataReader? reader = null;
        try
        {
            reader = ExcelReaderFactory.CreateReader(stream);
            SelectSheet(reader);
            if (!reader.Read())
            {
                throw new FerryException($"{Name} sheet '{reader.Name}': the sheet is empty (expected a header row naming the columns)");
            }

            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => InvariantText.Of(reader.GetValue(i))?.Trim() ?? "").ToList();
            while (columns.Count > 0 && columns[^1].Length == 0)
            {
                columns.RemoveAt(columns.Count - 1);
            }

            return new Cursor(reader, stream, Header.Validate(columns, $"{Name} sheet '{reader.Name}' row 1"), cancellationToken);
        }
        catch (Exception e) when (e is not FerryException and not OperationCanceledException)
        {
            reader?.Dispose();
            stream.Dispose();
            throw new FerryException($"{Name}: not a readable Excel workbook ({e.Message})", e);
        }
        catch
        {
            reader?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    private void SelectSheet(IExcelDataReader reader)
    {
        if (sheet is null)
        {
            return;
        }

        var names = new List<string>();
        do
        {
            if (reader.Name == sheet)
            {
                return;
            }

            names.Add(reader.Name);
        }
        while (reader.NextResult());

        throw new FerryException($"{Name}: there is no sheet '{sheet}' (sheets: {string.Join(", ", names)})");
    }

    private sealed class Cursor(IExcelDataReader reader, Stream stream, IReadOnlyList<string> columns, CancellationToken cancellationToken) : IRecordCursor
    {
        private readonly string?[] _cells = new string?[columns.Count];
        private int _row = 1;

        public IReadOnlyList<string> Columns => columns;

        public IReadOnlyList<string?> Cells => _cells;

        public string Location => $"sheet '{reader.Name}' row {_row}";

        public bool MoveNext()
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (reader.Read())
            {
                _row++;
                var any = false;
                for (var i = 0; i < _cells.Length; i++)
                {
                    _cells[i] = i < reader.FieldCount ? InvariantText.Of(reader.GetValue(i)) : null;
                    any |= _cells[i] is not null;
                }

                if (any)
                {
                    return true;
                }
            }

            return false;
        }

        public void Dispose()
        {
            reader.Dispose();
            stream.Dispose();
        }
    }
}
