using Parquet;
using Parquet.Schema;

namespace Ferry.Core.Data.Sources;

/// <summary>One column of one Parquet row group as invariant text cells (null where missing), whatever its CLR type.</summary>
internal static class ParquetColumn
{
    public static async Task<string?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var texts = new string?[rows];
            await group.ReadAsync(field, texts.AsMemory(), null, cancellationToken);
            return [.. texts.Select(InvariantText.Of)];
        }

        return type switch
        {
            _ when type == typeof(double) => await ValuesAsync<double>(group, field, rows, cancellationToken),
            _ when type == typeof(float) => await ValuesAsync<float>(group, field, rows, cancellationToken),
            _ when type == typeof(long) => await ValuesAsync<long>(group, field, rows, cancellationToken),
            _ when type == typeof(int) => await ValuesAsync<int>(group, field, rows, cancellationToken),
            _ when type == typeof(short) => await ValuesAsync<short>(group, field, rows, cancellationToken),
            _ when type == typeof(sbyte) => await ValuesAsync<sbyte>(group, field, rows, cancellationToken),
            _ when type == typeof(ulong) => await ValuesAsync<ulong>(group, field, rows, cancellationToken),
            _ when type == typeof(uint) => await ValuesAsync<uint>(group, field, rows, cancellationToken),
            _ when type == typeof(ushort) => await ValuesAsync<ushort>(group, field, rows, cancellationToken),
            _ when type == typeof(byte) => await ValuesAsync<byte>(group, field, rows, cancellationToken),
            _ when type == typeof(decimal) => await ValuesAsync<decimal>(group, field, rows, cancellationToken),
            _ when type == typeof(bool) => await ValuesAsync<bool>(group, field, rows, cancellationToken),
            _ when type == typeof(DateTime) => await ValuesAsync<DateTime>(group, field, rows, cancellationToken),
            _ when type == typeof(DateOnly) => await ValuesAsync<DateOnly>(group, field, rows, cancellationToken),
            _ when type == typeof(DateTimeOffset) => await ValuesAsync<DateTimeOffset>(group, field, rows, cancellationToken),
            _ => throw new FerryException($"column '{field.Name}' holds {type.Name} values, which Ferry does not read (numbers, text, booleans, decimals, dates and timestamps)"),
        };
    }

    private static async Task<string?[]> ValuesAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        if (!field.IsNullable)
        {
            var values = new T[rows];
            await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
            return [.. values.Select(v => InvariantText.Of(v))];
        }

        var nullable = new T?[rows];
        await group.ReadAsync(field, nullable.AsMemory(), null, cancellationToken);
        return [.. nullable.Select(v => InvariantText.Of(v))];
    }
}
