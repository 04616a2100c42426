using System.Runtime.InteropServices;

namespace Ferry.Core.Preparation;

/// <summary>Sorts doubles or floats (no NaN) ascending by an LSD radix sort over 16-bit digits of an order-preserving
/// key: several times faster than a comparison sort on the million-value windows drift checks see and the columns the
/// profiler sorts. Short arrays use a comparison sort.</summary>
public static class RadixSort
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

        var buffer = new ulong[values.Length];
        var counts = new int[1 << 16];
        for (var shift = 0; shift < 64; shift += 16)
        {
            Array.Clear(counts);
            foreach (var key in keys)
            {
                counts[(int)((key >> shift) & 0xFFFF)]++;
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
                buffer[counts[(int)((key >> shift) & 0xFFFF)]++] = key;
            }

            (keys, buffer) = (buffer, keys);
        }

        for (var i = 0; i < values.Length; i++)
        {
            var key = keys[i];
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

        var other = scratch[..keys.Length];
        var counts = new int[1 << 16];
        var inScratch = false;
        for (var shift = 0; shift < 32; shift += 16)
        {
            var from = inScratch ? other : keys;
            var to = inScratch ? keys : other;
            Array.Clear(counts);
            foreach (var key in from)
            {
                counts[(int)((key >> shift) & 0xFFFF)]++;
            }

            if (Array.IndexOf(counts, from.Length) >= 0)
            {
                continue;
            }

            for (int digit = 0, offset = 0; digit < counts.Length; digit++)
            {
                (counts[digit], offset) = (offset, offset + counts[digit]);
            }

            foreach (var key in from)
            {
                to[counts[(int)((key >> shift) & 0xFFFF)]++] = key;
            }

            inScratch = !inScratch;
        }

        if (inScratch)
        {
            other.CopyTo(keys);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            keys[i] = (key & FloatSignBit) != 0 ? key & ~FloatSignBit : ~key;
        }
    }
}
