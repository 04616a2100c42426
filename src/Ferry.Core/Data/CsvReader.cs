using System.Buffers;
using System.Text;

namespace Ferry.Core.Data;

/// <summary>Reads RFC 4180 delimited text: quoted fields, doubled quotes, separators and newlines inside quotes; a quote
/// anywhere but at the start of a field is text. Streams records through a 64 KB buffer, finding each field's end with a
/// vectorized search; never holds the file in memory.</summary>
internal sealed class CsvReader(TextReader reader, char separator, string fileName)
{
    private readonly char[] _buffer = new char[1 << 16];
    private readonly SearchValues<char> _fieldEnds = SearchValues.Create([separator, '\n', '\r']);
    private readonly StringBuilder _field = new();
    private int _position;
    private int _end;
    private int _line = 1;

    private enum FieldEnd
    {
        Separator,
        Line,
        File,
    }

    public IEnumerable<CsvRecord> Records()
    {
        while (true)
        {
            var start = _line;
            var fields = ReadRecord();
            if (fields is null)
            {
                yield break;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            yield return new CsvRecord([.. fields], start);
        }
    }

    private List<string>? ReadRecord()
    {
        if (!Fill())
        {
            return null;
        }

        var fields = new List<string>();
        while (true)
        {
            fields.Add(ReadField(out var end));
            if (end != FieldEnd.Separator)
            {
                return fields;
            }
        }
    }

    /// <summary>One field: a quoted part when it starts with a quote, then text up to a separator, a line end or the
    /// end of the file (which of them is <paramref name="end"/>; a line end is consumed, \r\n as one).</summary>
    private string ReadField(out FieldEnd end)
    {
        _field.Clear();
        if (Fill() && _buffer[_position] == '"')
        {
            _position++;
            ReadQuoted();
        }

        while (Fill())
        {
            var rest = _buffer.AsSpan(_position, _end - _position);
            var at = rest.IndexOfAny(_fieldEnds);
            if (at < 0)
            {
                _field.Append(rest);
                _position = _end;
                continue;
            }

            var text = _field.Length == 0 ? new string(rest[..at]) : _field.Append(rest[..at]).ToString();
            _position += at + 1;
            if (rest[at] == separator)
            {
                end = FieldEnd.Separator;
                return text;
            }

            if (rest[at] == '\r' && Fill() && _buffer[_position] == '\n')
            {
                _position++;
            }

            _line++;
            end = FieldEnd.Line;
            return text;
        }

        end = FieldEnd.File;
        return _field.ToString();
    }

    /// <summary>Reads a quoted part into the field, after its opening quote and through its closing one.</summary>
    private void ReadQuoted()
    {
        while (Fill())
        {
            var rest = _buffer.AsSpan(_position, _end - _position);
            var quote = rest.IndexOf('"');
            var text = quote < 0 ? rest : rest[..quote];
            _field.Append(text);
            _line += text.Count('\n');
            _position += text.Length;
            if (quote < 0)
            {
                continue;
            }

            _position++;
            if (Fill() && _buffer[_position] == '"')
            {
                _field.Append('"');
                _position++;
                continue;
            }

            return;
        }

        throw new FerryException($"{fileName} line {_line}: a quoted field is not closed before the end of the file");
    }

    /// <summary>True when a character is buffered at the position, reading more when needed; false at the end.</summary>
    private bool Fill()
    {
        if (_position < _end)
        {
            return true;
        }

        _end = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _end > 0;
    }
}
