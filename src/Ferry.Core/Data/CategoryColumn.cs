using System.Collections;

namespace Ferry.Core.Data;

/// <summary>A category column stored as codes into its distinct values: code 0 is a missing cell, code k is
/// <see cref="Values"/>[k - 1]. A cell takes one byte while the column has at most 255 distinct values, two
/// bytes up to 65,535 and four beyond, so a large file's categories cost a byte a cell rather than a reference.</summary>
public sealed class CategoryColumn : IReadOnlyList<string?>
{
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private byte[]? _bytes;
    private ushort[]? _shorts;
    private int[]? _ints;

    public CategoryColumn(int length)
    {
        _bytes = new byte[length];
        Count = length;
    }

    public int Count { get; }

    /// <summary>The distinct values in the order they were first set; a value's code is its index plus one.</summary>
    public IReadOnlyList<string> Values => _values;

    public string? this[int row] => Code(row) is var code and > 0 ? _values[code - 1] : null;

    public static CategoryColumn From(IReadOnlyList<string?> cells)
    {
        var column = new CategoryColumn(cells.Count);
        for (var row = 0; row < cells.Count; row++)
        {
            column.Set(row, cells[row]);
        }

        return column;
    }

    public int Code(int row) => _bytes is { } bytes ? bytes[row] : _shorts is { } shorts ? shorts[row] : _ints![row];

    /// <summary>The code of <paramref name="value"/>, or 0 when the column never holds it.</summary>
    public int CodeOf(string value) => _codes.GetValueOrDefault(value);

    public void Set(int row, string? value)
    {
        if (value is null)
        {
            SetCode(row, 0);
            return;
        }

        if (!_codes.TryGetValue(value, out var code))
        {
            _values.Add(value);
            code = _values.Count;
            _codes[value] = code;
            Widen(code);
        }

        SetCode(row, code);
    }

    /// <summary>Sets a cell to a code the column already has (0 for missing).</summary>
    public void SetCode(int row, int code)
    {
        if (_bytes is { } bytes)
        {
            bytes[row] = (byte)code;
        }
        else if (_shorts is { } shorts)
        {
            shorts[row] = (ushort)code;
        }
        else
        {
            _ints![row] = code;
        }
    }

    /// <summary>How often each code occurs among <paramref name="rows"/> (every row when null); index 0 counts missing cells.</summary>
    public int[] CodeCounts(IEnumerable<int>? rows = null)
    {
        var counts = new int[_values.Count + 1];
        foreach (var row in rows ?? Enumerable.Range(0, Count))
        {
            counts[Code(row)]++;
        }

        return counts;
    }

    /// <summary>The values that occur in <paramref name="codeCounts"/>, most frequent first (ties in ordinal order), with their counts.</summary>
    public List<KeyValuePair<string, int>> Frequencies(int[] codeCounts) =>
        [.. Enumerable.Range(1, _values.Count).Where(code => codeCounts[code] > 0)
            .Select(code => KeyValuePair.Create(_values[code - 1], codeCounts[code]))
            .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)];

    public IEnumerator<string?> GetEnumerator()
    {
        for (var row = 0; row < Count; row++)
        {
            yield return this[row];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Widen(int code)
    {
        if (_bytes is { } bytes && code > byte.MaxValue)
        {
            _shorts = Array.ConvertAll(bytes, b => (ushort)b);
            _bytes = null;
        }
        else if (_shorts is { } shorts && code > ushort.MaxValue)
        {
            _ints = Array.ConvertAll(shorts, s => (int)s);
            _shorts = null;
        }
    }
}
