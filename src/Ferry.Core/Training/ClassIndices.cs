using System.Collections;
using Ferry.Core.Data;

namespace Ferry.Core.Training;

/// <summary>The class index of each table row (-1 where the target is missing), read through the target
/// column's codes, so it costs no array of its own beside the table.</summary>
internal sealed class ClassIndices(CategoryColumn column, int[] classOfCode) : IReadOnlyList<int>
{
    public static ClassIndices None { get; } = new(new CategoryColumn(0), [-1]);

    public int Count => column.Count;

    public int this[int row] => classOfCode[column.Code(row)];

    public IEnumerator<int> GetEnumerator()
    {
        for (var row = 0; row < Count; row++)
        {
            yield return this[row];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
