using System.Numerics;
using System.Runtime.InteropServices;

namespace Ferry.Core.Data;

/// <summary>Sorts doubles or floats (no NaN) ascending by an LSD radix sort over 16-bit digits of an order-preserving
/// key: several times faster than a comparison sort on the million-value windows drift checks see and the columns the
/// profiler sorts. Short arrays use a comparison sort.</summary>
internal static class RadixSort
{
    private const int Threshold = 4096;
    private const ulong SignBit = 0x8000_0000_0000_0000;
    private const uint FloatSignBit = 0x8000_0000;

    public static void Sort(double[] values)
    {
        if (values.Length < Threshold)
        {
            Array.Sort(values);
            return;
        }

        var keys = new ulong[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(values[i]);
            keys[i] = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
        }

        var sorted = SortKeys(keys, new ulong[values.Length], 64);
        for (var i = 0; i < values.Length; i++)
        {
            var key = sorted[i];
            values[i] = BitConverter.UInt64BitsToDouble((key & SignBit) != 0 ? key & ~SignBit : ~key);
        }
    }

    /// <summary>Sorts <paramref name="values"/> in place, using <paramref name="scratch"/> (at least as long) instead of
    /// allocating: two passes over the floats' bits as keys.</summary>
    public static void Sort(Span<float> values, Span<uint> scratch)
    {
        if (values.Length < Threshold)
        {
            values.Sort();
            return;
        }

        var keys = MemoryMarshal.Cast<float, uint>(values);
        for (var i = 0; i < keys.Length; i++)
        {
            var bits = keys[i];
            keys[i] = (bits & FloatSignBit) != 0 ? ~bits : bits | FloatSignBit;
        }

        var sorted = SortKeys(keys, scratch[..keys.Length], 32);
        if (sorted != keys)
        {
            sorted.CopyTo(keys);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            keys[i] = (key & FloatSignBit) != 0 ? key & ~FloatSignBit : ~key;
        }
    }

    /// <summary>Sorts unsigned keys of <paramref name="bits"/> bits, 16 at a time, between <paramref name="keys"/> and
    /// <paramref name="other"/> (a digit that is the same for every key is skipped); returns the one holding the result.</summary>
    private static Span<T> SortKeys<T>(Span<T> keys, Span<T> other, int bits)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        var counts = new int[1 << 16];
        var digitMask = T.CreateTruncating(0xFFFF);
        for (var shift = 0; shift < bits; shift += 16)
        {
            Array.Clear(counts);
            foreach (var key in keys)
            {
                counts[int.CreateTruncating((key >> shift) & digitMask)]++;
            }

            if (Array.IndexOf(counts, keys.Length) >= 0)
            {
                continue;
            }

            for (int digit = 0, offset = 0; digit < counts.Length; digit++)
            {
                (counts[digit], offset) = (offset, offset + counts[digit]);
            }

            foreach (var key in keys)
            {
                other[counts[int.CreateTruncating((key >> shift) & digitMask)]++] = key;
            }

            var swap = keys;
            keys = other;
            other = swap;
        }

        return keys;
    }
}
