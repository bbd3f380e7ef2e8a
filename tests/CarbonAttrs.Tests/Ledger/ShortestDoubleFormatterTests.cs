using System.Globalization;
using System.Numerics;
using System.Text;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Tests.Ledger;

/// <summary>
/// The Ryū formatter writes, for every finite double, exactly the bytes <c>double.ToString(InvariantCulture)</c>
/// writes: each test formats into a <see cref="ShortestDoubleFormatter.MaxLength"/>-byte window of a larger
/// buffer and checks both the text and that nothing was written past the window.
/// </summary>
public class ShortestDoubleFormatterTests
{
    private const byte Canary = 0xCC;

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(100.0, "100")]
    [InlineData(-60.0, "-60")]
    [InlineData(123.456, "123.456")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(12345678901234567.0, "12345678901234568")]
    [InlineData(9.999999999999998E+16, "99999999999999980")]
    [InlineData(1e17, "1E+17")]
    [InlineData(1.2345678901234568E+17, "1.2345678901234568E+17")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    [InlineData(1e21, "1E+21")]
    [InlineData(1e100, "1E+100")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012345678901234567, "0.00012345678901234567")]
    [InlineData(9.999999999999999E-05, "9.999999999999999E-05")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(1.5e-5, "1.5E-05")]
    [InlineData(1e-300, "1E-300")]
    [InlineData(5e-324, "5E-324")]
    [InlineData(-5e-324, "-5E-324")]
    [InlineData(2.2250738585072009E-308, "2.225073858507201E-308")]
    [InlineData(-2.2250738585072014E-308, "-2.2250738585072014E-308")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.MinValue, "-1.7976931348623157E+308")]
    [InlineData(-1.2345678901234568E-300, "-1.2345678901234568E-300")] // MaxLength bytes
    [InlineData(2.9802322387695312E-08, "2.980232238769531E-08")] // 2^-25: .NET's own text, see the formatter
    [InlineData(0.5, "0.5")]
    public void Writes_the_layout_dotnet_writes(double value, string expected)
    {
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture)); // the expectation is .NET's, checked
        Assert.Equal(expected, Format(value, new byte[64]));
    }

    [Fact]
    public void Random_bit_patterns_of_every_exponent_match()
    {
        var random = new Random(20261128);
        var buffer = NewBuffer();
        var mismatches = new List<string>();
        var checkedCount = 0;
        while (checkedCount < 2_000_000)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (!double.IsFinite(value))
                continue;
            Check(value, buffer, mismatches);
            checkedCount++;
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Ledger_like_products_and_quotients_match()
    {
        // Joules × PUE / 3.6e6, kg / s, W: products and quotients of values spread over 1e-12 .. 1e6.
        var random = new Random(1729);
        double Operand() => Math.Pow(10, random.NextDouble() * 18 - 12) * (1 + random.NextDouble());
        var buffer = NewBuffer();
        var mismatches = new List<string>();
        for (var i = 0; i < 1_000_000; i++)
        {
            var value = (i % 3) switch
            {
                0 => Operand() * Operand(),
                1 => Operand() / Operand(),
                _ => Operand() * Operand() / 3.6e6,
            };
            Check(random.Next(8) == 0 ? -value : value, buffer, mismatches);
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Powers_of_two_and_ten_and_their_neighbours_match()
    {
        var buffer = NewBuffer();
        var mismatches = new List<string>();
        var values = new List<double>();
        for (var e = -1074; e <= 1023; e++)
            values.Add(Math.ScaleB(1.0, e));
        for (var e = -323; e <= 308; e++)
            values.Add(double.Parse("1e" + e.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        foreach (var power in values)
        {
            foreach (var value in new[] { power, Math.BitIncrement(power), Math.BitDecrement(power), 3 * power, 5 * power })
            {
                if (double.IsFinite(value))
                {
                    Check(value, buffer, mismatches);
                    Check(-value, buffer, mismatches);
                }
            }
        }
        Assert.Empty(mismatches);
        Assert.True(values.Count > 2_700);
    }

    [Fact]
    public void Subnormals_extremes_and_integers_match()
    {
        var buffer = NewBuffer();
        var mismatches = new List<string>();
        const long largestSubnormal = (1L << 52) - 1;
        for (long bits = 1; bits <= 200_000; bits++)
        {
            Check(BitConverter.Int64BitsToDouble(bits), buffer, mismatches);
            Check(BitConverter.Int64BitsToDouble(largestSubnormal + 1 - bits), buffer, mismatches);
        }
        var random = new Random(42);
        for (var i = 0; i < 100_000; i++)
            Check(-BitConverter.Int64BitsToDouble(random.NextInt64(1, largestSubnormal + 1)), buffer, mismatches);
        foreach (var value in new[] { double.Epsilon, double.MaxValue, double.MinValue, BitConverter.Int64BitsToDouble(1L << 52), Math.BitDecrement(double.MaxValue), 0.0, -0.0 })
            Check(value, buffer, mismatches);
        for (var i = 0; i <= 100_000; i++)
        {
            Check(i, buffer, mismatches);
            Check(-i, buffer, mismatches);
        }
        for (long i = (1L << 53) - 50_000; i <= (1L << 53) + 50_000; i++)
            Check(i, buffer, mismatches);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Values_at_the_plain_and_scientific_thresholds_match()
    {
        var buffer = NewBuffer();
        var mismatches = new List<string>();
        var random = new Random(7);
        foreach (var threshold in new[] { 1e16, 1e17, 1e18, 1e-4, 1e-5, 1e-3 })
        {
            var value = threshold;
            for (var step = 0; step < 2_000; step++)
            {
                Check(value, buffer, mismatches);
                value = Math.BitIncrement(value);
            }
            value = threshold;
            for (var step = 0; step < 2_000; step++)
            {
                value = Math.BitDecrement(value);
                Check(value, buffer, mismatches);
            }
            for (var i = 0; i < 10_000; i++)
                Check(threshold * (0.5 + random.NextDouble() * 19.5), buffer, mismatches);
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public void The_multiplier_tables_equal_big_integer_arithmetic()
    {
        var inverse = ShortestDoubleFormatter.Pow5InvTable;
        var forward = ShortestDoubleFormatter.Pow5Table;
        var power = BigInteger.One;
        for (var q = 0; q < Math.Max(inverse.Length, forward.Length) / 2; q++)
        {
            var bitLength = (int)power.GetBitLength();
            if (2 * q < inverse.Length)
            {
                var expected = (BigInteger.One << (bitLength - 1 + 125)) / power + 1;
                Assert.Equal(((ulong)(expected & ulong.MaxValue), (ulong)(expected >> 64)), (inverse[2 * q], inverse[2 * q + 1]));
            }
            if (2 * q < forward.Length)
            {
                var shift = bitLength - 125;
                var expected = shift >= 0 ? power >> shift : power << -shift;
                Assert.Equal(((ulong)(expected & ulong.MaxValue), (ulong)(expected >> 64)), (forward[2 * q], forward[2 * q + 1]));
            }
            power *= 5;
        }
        // Every index a double can reach: q ≤ 290 for the inverse table, i ≤ 325 for the forward one.
        Assert.Equal(291, inverse.Length / 2);
        Assert.Equal(326, forward.Length / 2);
    }

    [Fact]
    public void Refuses_non_finite_values_and_short_destinations()
    {
        var buffer = new byte[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestDoubleFormatter.Format(double.NaN, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestDoubleFormatter.Format(double.PositiveInfinity, buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShortestDoubleFormatter.Format(double.NegativeInfinity, buffer));
        Assert.Throws<ArgumentException>(() => ShortestDoubleFormatter.Format(1.5, new byte[ShortestDoubleFormatter.MaxLength - 1]));
    }

    [Fact]
    public void The_line_buffer_writes_numbers_in_place_and_nothing_for_non_finite_ones()
    {
        var line = new LedgerLineBuffer(4); // smaller than one number: the growth path is taken
        var values = new[] { 1.234567e-5, double.NaN, -1.7976931348623157e308, double.PositiveInfinity, 0.1 + 0.2, double.NegativeInfinity, 5e-324, 0.25 };
        var expected = new StringBuilder();
        foreach (var value in values)
        {
            line.Number(value);
            line.Byte((byte)';');
            if (double.IsFinite(value))
                expected.Append(value.ToString(CultureInfo.InvariantCulture));
            expected.Append(';');
        }
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(line.Array, 0, line.Length));
    }

    private static byte[] NewBuffer() => new byte[ShortestDoubleFormatter.MaxLength + 16];

    private static string Format(double value, byte[] buffer)
    {
        var written = ShortestDoubleFormatter.Format(value, buffer.AsSpan(0, ShortestDoubleFormatter.MaxLength));
        return Encoding.ASCII.GetString(buffer, 0, written);
    }

    /// <summary>Formats into the first MaxLength bytes of a canary-filled buffer and compares with .NET's text.</summary>
    private static void Check(double value, byte[] buffer, List<string> mismatches)
    {
        buffer.AsSpan().Fill(Canary);
        var written = ShortestDoubleFormatter.Format(value, buffer.AsSpan(0, ShortestDoubleFormatter.MaxLength));
        var expected = value.ToString(CultureInfo.InvariantCulture);
        var same = written == expected.Length;
        for (var i = 0; same && i < written; i++)
            same = buffer[i] == expected[i];
        for (var i = ShortestDoubleFormatter.MaxLength; same && i < buffer.Length; i++)
            same = buffer[i] == Canary;
        if (!same && mismatches.Count < 20)
            mismatches.Add($"{BitConverter.DoubleToInt64Bits(value):X16}: wrote '{Encoding.ASCII.GetString(buffer, 0, Math.Min(written, ShortestDoubleFormatter.MaxLength))}', .NET '{expected}'");
    }
}
