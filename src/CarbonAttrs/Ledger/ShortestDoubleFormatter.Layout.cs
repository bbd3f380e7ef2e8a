#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CarbonAttrs.Ledger;

// The text side: where the digits go (.NET's plain or scientific layout) and writing them.
internal static partial class ShortestDoubleFormatter
{
    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Places digits × 10^exponent the way .NET's "G"/"R" shortest formatting does.</summary>
    private static int Layout(ref byte at, ulong digits, int exponent)
    {
        var length = DecimalLength17(digits);
        var scientific = exponent + length - 1; // the value is d.ddd × 10^scientific
        if (scientific > 16 || scientific < -4)
            return Scientific(ref at, digits, length, scientific);

        if (exponent >= 0)
        {
            // An integer: its digits, then the zeros the exponent stands for.
            WriteDigits(ref at, digits, length);
            for (var k = 0; k < exponent; k++)
                Unsafe.Add(ref at, length + k) = (byte)'0';
            return length + exponent;
        }
        if (scientific >= 0)
        {
            // d.ddd: the digits one place to the right, then the integer part back over the gap and the point.
            var integerDigits = scientific + 1;
            WriteDigits(ref Unsafe.Add(ref at, 1), digits, length);
            for (var k = 0; k < integerDigits; k++)
                Unsafe.Add(ref at, k) = Unsafe.Add(ref at, k + 1);
            Unsafe.Add(ref at, integerDigits) = (byte)'.';
            return length + 1;
        }
        // 0.000ddd
        var zeros = -scientific - 1;
        Unsafe.Add(ref at, 0) = (byte)'0';
        Unsafe.Add(ref at, 1) = (byte)'.';
        for (var k = 0; k < zeros; k++)
            Unsafe.Add(ref at, 2 + k) = (byte)'0';
        WriteDigits(ref Unsafe.Add(ref at, 2 + zeros), digits, length);
        return 2 + zeros + length;
    }

    private static int Scientific(ref byte at, ulong digits, int length, int exponent)
    {
        // d[.ddd]E±XX[X]: the digits one place to the right, the first moved back before the point.
        WriteDigits(ref Unsafe.Add(ref at, 1), digits, length);
        Unsafe.Add(ref at, 0) = Unsafe.Add(ref at, 1);
        int index;
        if (length > 1)
        {
            Unsafe.Add(ref at, 1) = (byte)'.';
            index = length + 1;
        }
        else
        {
            index = 1;
        }
        Unsafe.Add(ref at, index++) = (byte)'E';
        if (exponent < 0)
        {
            Unsafe.Add(ref at, index++) = (byte)'-';
            exponent = -exponent;
        }
        else
        {
            Unsafe.Add(ref at, index++) = (byte)'+';
        }
        if (exponent >= 100)
        {
            Unsafe.Add(ref at, index++) = (byte)('0' + exponent / 100);
            exponent %= 100;
        }
        WritePair(ref Unsafe.Add(ref at, index), (uint)exponent);
        return index + 2;
    }

    /// <summary>The <paramref name="length"/> decimal digits of <paramref name="value"/> at [0, length), two at a time.</summary>
    private static void WriteDigits(ref byte at, ulong value, int length)
    {
        var end = length;
        if ((value >> 32) != 0)
        {
            // Cut 8 digits off so that the rest fits 32-bit arithmetic.
            var q = value / 100_000_000;
            var low = (uint)(value - q * 100_000_000);
            value = q;
            var c = low % 10_000;
            var d = low / 10_000;
            WritePair(ref Unsafe.Add(ref at, end - 2), c % 100);
            WritePair(ref Unsafe.Add(ref at, end - 4), c / 100);
            WritePair(ref Unsafe.Add(ref at, end - 6), d % 100);
            WritePair(ref Unsafe.Add(ref at, end - 8), d / 100);
            end -= 8;
        }
        var rest = (uint)value;
        while (rest >= 10_000)
        {
            var c = rest % 10_000;
            rest /= 10_000;
            WritePair(ref Unsafe.Add(ref at, end - 2), c % 100);
            WritePair(ref Unsafe.Add(ref at, end - 4), c / 100);
            end -= 4;
        }
        if (rest >= 100)
        {
            WritePair(ref Unsafe.Add(ref at, end - 2), rest % 100);
            rest /= 100;
            end -= 2;
        }
        if (rest >= 10)
            WritePair(ref Unsafe.Add(ref at, end - 2), rest);
        else
            Unsafe.Add(ref at, end - 1) = (byte)('0' + rest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(ref byte at, uint pair) =>
        Unsafe.WriteUnaligned(ref at, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(DigitPairs), (int)pair * 2)));

    private static int DecimalLength17(ulong v)
    {
        if (v >= 10000000000000000UL) return 17;
        if (v >= 1000000000000000UL) return 16;
        if (v >= 100000000000000UL) return 15;
        if (v >= 10000000000000UL) return 14;
        if (v >= 1000000000000UL) return 13;
        if (v >= 100000000000UL) return 12;
        if (v >= 10000000000UL) return 11;
        if (v >= 1000000000UL) return 10;
        if (v >= 100000000UL) return 9;
        if (v >= 10000000UL) return 8;
        if (v >= 1000000UL) return 7;
        if (v >= 100000UL) return 6;
        if (v >= 10000UL) return 5;
        if (v >= 1000UL) return 4;
        if (v >= 100UL) return 3;
        if (v >= 10UL) return 2;
        return 1;
    }
}
#endif
