#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CarbonAttrs.Ledger;

// The multiplier tables, built once at type initialisation (why: see the comment on Pow5InvSplit).
internal static partial class ShortestDoubleFormatter
{
    private static ulong[] BuildPow5InvSplit()
    {
        // ⌊2^j / 5^q⌋ = ⌊⌊2^J / 5^q⌋ / 2^(J - j)⌋ for any J ≥ j (nested floors of exact divisions are exact), and
        // ⌊2^J / 5^(q+1)⌋ = ⌊⌊2^J / 5^q⌋ / 5⌋: one big number 2^J, divided by 5 once per entry.
        var table = new ulong[2 * Pow5InvTableSize];
        var top = Pow5Bits(Pow5InvTableSize - 1) - 1 + Pow5InvBitCount;
        var quotient = new uint[top / 32 + 1];
        quotient[top / 32] = 1u << (top % 32);
        for (var q = 0; q < Pow5InvTableSize; q++)
        {
            var j = Pow5Bits(q) - 1 + Pow5InvBitCount; // pow5bits(q) is the bit length of 5^q
            Store(table, q, Bits(quotient, top - j) + 1);
            var remainder = 0UL;
            for (var k = quotient.Length - 1; k >= 0; k--)
            {
                var current = (remainder << 32) | quotient[k];
                var digit = current / 5;
                quotient[k] = (uint)digit;
                remainder = current - 5 * digit;
            }
        }
        return table;
    }

    private static ulong[] BuildPow5Split()
    {
        // 5^i exactly (multiplied by 5 once per entry), then its top 125 bits.
        var table = new ulong[2 * Pow5TableSize];
        var power = new uint[Pow5Bits(Pow5TableSize - 1) / 32 + 1];
        power[0] = 1;
        for (var i = 0; i < Pow5TableSize; i++)
        {
            var shift = Pow5Bits(i) - Pow5BitCount;
            Store(table, i, shift >= 0 ? Bits(power, shift) : Bits(power, 0) << -shift);
            var carry = 0UL;
            for (var k = 0; k < power.Length; k++)
            {
                var product = (ulong)power[k] * 5 + carry;
                power[k] = (uint)product;
                carry = product >> 32;
            }
        }
        return table;
    }

    /// <summary>Bits [from, from + 128) of a little-endian number in 32-bit limbs.</summary>
    private static UInt128 Bits(uint[] limbs, int from)
    {
        UInt128 result = 0;
        for (var k = 3; k >= 0; k--)
        {
            var at = from + 32 * k;
            var word = Limb(limbs, at >> 5) >> (at & 31);
            if ((at & 31) != 0)
                word |= Limb(limbs, (at >> 5) + 1) << (32 - (at & 31));
            result = (result << 32) | word;
        }
        return result;
    }

    private static uint Limb(uint[] limbs, int index) => index < limbs.Length ? limbs[index] : 0;

    private static void Store(ulong[] table, int entry, UInt128 value)
    {
        table[2 * entry] = (ulong)value;
        table[2 * entry + 1] = (ulong)(value >> 64);
    }

    /// <summary>The (low, high) multiplier pairs, for the tests that check them against BigInteger.</summary>
    internal static ReadOnlySpan<ulong> Pow5InvTable => Pow5InvSplit;

    /// <inheritdoc cref="Pow5InvTable"/>
    internal static ReadOnlySpan<ulong> Pow5Table => Pow5Split;
}
#endif
