#if NET8_0_OR_GREATER
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CarbonAttrs.Ledger;

/// <summary>
/// Writes a finite double as UTF-8 text, byte for byte what <c>double.ToString(CultureInfo.InvariantCulture)</c>
/// (the default format, the shortest round-trippable text) writes, in about a quarter of the time: checked on
/// .NET 10 (the tests compare millions of values; .NET Core 3.0 and later share the algorithm). The digits come from Ryū (Ulf Adams, "Ryū: fast float-to-string conversion", PLDI 2018; a
/// port of the reference d2s.c): the shortest decimal that parses back to the same double, the closest to the
/// exact value when several are that short, ties to even. The layout is .NET's: plain decimal while the decimal
/// exponent is in [-4, 16] (0.0001, 1E-05, 10000000000000000, 1E+17), otherwise <c>d.dddE+XX</c> with at
/// least two exponent digits; negative zero is "-0".
/// </summary>
internal static partial class ShortestDoubleFormatter
{
    /// <summary>The most bytes one number takes ("-1.2345678901234567E-308").</summary>
    public const int MaxLength = 24;

    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;
    private const int Pow5InvBitCount = 125;
    private const int Pow5BitCount = 125;

    // Largest index each table is read at: q = log10Pow2(969) - 1 = 290 for the largest binary exponent, and
    // i = 1076 - (log10Pow5(1076) - 1) = 325 for the smallest (subnormals).
    private const int Pow5InvTableSize = 291;
    private const int Pow5TableSize = 326;

    // The 128-bit multipliers, as (low, high) pairs: ⌊2^j / 5^q⌋ + 1 with j = bitlength(5^q) - 1 + 125, and 5^i
    // scaled to its top 125 bits. Full tables, so that a conversion costs two 64x64 multiplications: Ryū's
    // small-table variant saves the 10 KB but adds a 128x128 product and a correction to every conversion, the
    // hot path this class exists for. Computed once at type initialisation rather than embedded as ~1,200
    // literals (d2s_full_table.h), with a few lines of 32-bit-limb arithmetic rather than BigInteger: the same
    // numbers with BigInteger took ~4 ms cold (loading System.Runtime.Numerics, JIT) and 0.7 ms warm; this way
    // it is about 15,000 single-limb steps: 0.1 ms unoptimised (tier 0), ~0.6 ms cold with the JIT on a 2-core
    // VM. The tests check every entry against BigInteger.
    private static readonly ulong[] Pow5InvSplit = BuildPow5InvSplit();
    private static readonly ulong[] Pow5Split = BuildPow5Split();

    /// <summary>
    /// Writes <paramref name="value"/> at the start of <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns the number of bytes written.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or an infinity (the ledger writes those as an empty field).</exception>
    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite numbers are formatted here.");
        if (destination.Length < MaxLength)
            throw new ArgumentException($"At least {MaxLength} bytes are needed.", nameof(destination));

        ref var start = ref MemoryMarshal.GetReference(destination);
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var ieeeMantissa = bits & ((1UL << MantissaBits) - 1);
        var ieeeExponent = (uint)(bits >> MantissaBits) & 0x7FF;
        var index = 0;
        if ((long)bits < 0)
            Unsafe.Add(ref start, index++) = (byte)'-';
        if (ieeeExponent == 0 && ieeeMantissa == 0)
        {
            Unsafe.Add(ref start, index++) = (byte)'0';
            return index;
        }

        ulong digits;
        int exponent; // |value| = digits × 10^exponent
        if (!TrySmallInteger(ieeeMantissa, ieeeExponent, out digits, out exponent))
        {
            // A power of two (other than 1 to 2^52) has a lower neighbour twice as close as its upper one. For two
            // of them, 2^-25 and 2^-958, .NET 10 writes a 16-digit text that is inside the symmetric interval but
            // not the true one (it does not even parse back to the same double); Ryū writes 17 digits. To stay
            // byte-identical these ~2,000 values take the runtime's own path (the sign is written again there).
            if (ieeeMantissa == 0)
                return value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture) ? written : throw new ArgumentException("Too small.", nameof(destination));
            digits = Shortest(ieeeMantissa, ieeeExponent, out exponent);
        }
        return index + Layout(ref Unsafe.Add(ref start, index), digits, exponent);
    }

    /// <summary>Integers in [1, 2^53): their own digits are the shortest (Ryū's d2d_small_int), trailing zeros moved to the exponent.</summary>
    private static bool TrySmallInteger(ulong ieeeMantissa, uint ieeeExponent, out ulong digits, out int exponent)
    {
        var m2 = (1UL << MantissaBits) | ieeeMantissa;
        var e2 = (int)ieeeExponent - ExponentBias - MantissaBits;
        digits = 0;
        exponent = 0;
        if (e2 > 0 || e2 < -52)
            return false;
        var mask = (1UL << -e2) - 1;
        if ((m2 & mask) != 0)
            return false;
        digits = m2 >> -e2;
        while (true)
        {
            var q = digits / 10;
            if (digits - q * 10 != 0)
                break;
            digits = q;
            exponent++;
        }
        return true;
    }

    /// <summary>Ryū's d2d: the shortest digits in the rounding interval, the closest one to the exact value.</summary>
    private static ulong Shortest(ulong ieeeMantissa, uint ieeeExponent, out int exponent)
    {
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            // Two bits more, so that the interval bounds (half an ulp either side) stay integers.
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = (int)ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }
        // Round-to-even parsing: an even mantissa owns its interval bounds.
        var acceptBounds = (m2 & 1) == 0;

        var mv = 4 * m2;
        // The lower bound is nearer (a quarter ulp) at a power of two, except at the bottom of the range.
        var mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;

        ulong vr, vp, vm;
        int e10;
        var vmIsTrailingZeros = false;
        var vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            var q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            var k = Pow5InvBitCount + Pow5Bits(q) - 1;
            var i = -e2 + q + k;
            vr = MulShiftAll(m2, Pow5InvSplit, q, i, out vp, out vm, mmShift);
            if (q <= 21)
            {
                // Only one of mp, mv and mm can be a multiple of 5, if any.
                if (mv % 5 == 0)
                    vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                else if (acceptBounds)
                    vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                else if (MultipleOfPowerOf5(mv + 2, q))
                    vp--;
            }
        }
        else
        {
            var q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            var i = -e2 - q;
            var k = Pow5Bits(i) - Pow5BitCount;
            var j = q - k;
            vr = MulShiftAll(m2, Pow5Split, i, j, out vp, out vm, mmShift);
            if (q <= 1)
            {
                // mv = 4 * m2 has at least two trailing zero bits; mp = mv + 2 one; mm one iff mmShift is 1.
                vrIsTrailingZeros = true;
                if (acceptBounds)
                    vmIsTrailingZeros = mmShift == 1;
                else
                    vp--;
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = (mv & ((1UL << q) - 1)) == 0;
            }
        }

        var removed = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // Rare (<1%): the exact value or the lower bound may end in zeros, which decides ties and the bound.
            var lastRemovedDigit = 0u;
            while (true)
            {
                var vpDiv10 = vp / 10;
                var vmDiv10 = vm / 10;
                if (vpDiv10 <= vmDiv10)
                    break;
                var vmMod10 = (uint)(vm - 10 * vmDiv10);
                var vrDiv10 = vr / 10;
                var vrMod10 = (uint)(vr - 10 * vrDiv10);
                vmIsTrailingZeros &= vmMod10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vrMod10;
                vr = vrDiv10;
                vp = vpDiv10;
                vm = vmDiv10;
                removed++;
            }
            if (vmIsTrailingZeros)
            {
                while (true)
                {
                    var vmDiv10 = vm / 10;
                    var vmMod10 = (uint)(vm - 10 * vmDiv10);
                    if (vmMod10 != 0)
                        break;
                    var vrDiv10 = vr / 10;
                    var vrMod10 = (uint)(vr - 10 * vrDiv10);
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = vrMod10;
                    vr = vrDiv10;
                    vp /= 10;
                    vm = vmDiv10;
                    removed++;
                }
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
                lastRemovedDigit = 4; // exactly half way: round to even
            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            // Common case: no ties, the bounds are never exactly representable; remove two digits at a time first.
            var roundUp = false;
            var vpDiv100 = vp / 100;
            var vmDiv100 = vm / 100;
            if (vpDiv100 > vmDiv100)
            {
                var vrDiv100 = vr / 100;
                var vrMod100 = (uint)(vr - 100 * vrDiv100);
                roundUp = vrMod100 >= 50;
                vr = vrDiv100;
                vp = vpDiv100;
                vm = vmDiv100;
                removed += 2;
            }
            while (true)
            {
                var vpDiv10 = vp / 10;
                var vmDiv10 = vm / 10;
                if (vpDiv10 <= vmDiv10)
                    break;
                var vrDiv10 = vr / 10;
                var vrMod10 = (uint)(vr - 10 * vrDiv10);
                roundUp = vrMod10 >= 5;
                vr = vrDiv10;
                vp = vpDiv10;
                vm = vmDiv10;
                removed++;
            }
            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }
        exponent = e10 + removed;
        return output;
    }

    /// <summary>
    /// vr, vp and vm: (4·m2, 4·m2 + 2, 4·m2 - 1 - mmShift) × multiplier >> j, from two 64x64 products of 2·m2
    /// (Ryū's 64-bit-only mulShiftAll64; the three results need only the top of one 192-bit product).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulShiftAll(ulong m2, ulong[] table, int entry, int j, out ulong vp, out ulong vm, uint mmShift)
    {
        ref var pair = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), 2 * entry);
        var mulLo = pair;
        var mulHi = Unsafe.Add(ref pair, 1);
        var m = m2 << 1;
        var tmp = Math.BigMul(m, mulLo, out var lo);
        var hi = Math.BigMul(m, mulHi, out var midLow);
        var mid = tmp + midLow;
        hi += mid < tmp ? 1UL : 0UL;

        var lo2 = lo + mulLo;
        var mid2 = mid + mulHi + (lo2 < lo ? 1UL : 0UL);
        var hi2 = hi + (mid2 < mid ? 1UL : 0UL);
        vp = ShiftRight128(mid2, hi2, j - 64 - 1);

        if (mmShift == 1)
        {
            var lo3 = lo - mulLo;
            var mid3 = mid - mulHi - (lo3 > lo ? 1UL : 0UL);
            var hi3 = hi - (mid3 > mid ? 1UL : 0UL);
            vm = ShiftRight128(mid3, hi3, j - 64 - 1);
        }
        else
        {
            var lo3 = lo + lo;
            var mid3 = mid + mid + (lo3 < lo ? 1UL : 0UL);
            var hi3 = hi + hi + (mid3 < mid ? 1UL : 0UL);
            var lo4 = lo3 - mulLo;
            var mid4 = mid3 - mulHi - (lo4 > lo3 ? 1UL : 0UL);
            var hi4 = hi3 - (mid4 > mid3 ? 1UL : 0UL);
            vm = ShiftRight128(mid4, hi4, j - 64);
        }
        return ShiftRight128(mid, hi, j - 64 - 1);
    }

    /// <summary>(hi:lo) >> distance for 0 &lt; distance &lt; 64 (always the case here: j is at least 115).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShiftRight128(ulong lo, ulong hi, int distance) => (hi << (64 - distance)) | (lo >> distance);

    private static bool MultipleOfPowerOf5(ulong value, int p)
    {
        var count = 0;
        while (value > 0)
        {
            var q = value / 5;
            if (value - 5 * q != 0)
                break;
            value = q;
            count++;
        }
        return count >= p;
    }

    /// <summary>e == 0 ? 1 : ⌈log2(5^e)⌉, for 0 ≤ e ≤ 1500.</summary>
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    /// <summary>⌊log10(2^e)⌋, for 0 ≤ e ≤ 1500.</summary>
    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    /// <summary>⌊log10(5^e)⌋, for 0 ≤ e ≤ 1500.</summary>
    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);
}
#endif
