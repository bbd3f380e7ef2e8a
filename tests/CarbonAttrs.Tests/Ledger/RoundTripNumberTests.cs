using System.Globalization;
using System.Text;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Tests.Ledger;

/// <summary>
/// The ledger writes numbers with the runtime's default format because it is faster than "R" for the same text:
/// these tests hold it to "the same text", and to reading back as the same number.
/// </summary>
public class RoundTripNumberTests
{
    public static TheoryData<double> Edges => new()
    {
        0.0, -0.0, 1.0, 0.1 + 0.2, 1e15, 1e16, 123456789012345678.0, 1e-5, 1.2345678901234567e-308, double.Epsilon,
        double.MaxValue, double.MinValue, 4.35e-9, 1.58, 0.000123, -2.5e-17,
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Edge_values_are_written_as_R_writes_them_and_read_back_exactly(double value)
        => AssertSameAsR(value);

    [Fact]
    public void Two_hundred_thousand_random_doubles_are_written_as_R_writes_them()
    {
        var random = new Random(13);
        for (var i = 0; i < 200_000; i++)
        {
            var value = i % 2 == 0
                ? BitConverter.Int64BitsToDouble(random.NextInt64())                  // any bit pattern
                : random.NextDouble() * Math.Pow(10, random.Next(-20, 20));          // the magnitudes of ledger figures
            if (double.IsFinite(value))
                AssertSameAsR(value);
        }
    }

    private static void AssertSameAsR(double value)
    {
        var expected = value.ToString("R", CultureInfo.InvariantCulture);
        Assert.Equal(expected, RoundTripNumber.Text(value));
        var line = new LedgerLineBuffer(64);
        line.Number(value);
        var utf8 = Encoding.UTF8.GetString(line.Array, 0, line.Length);
        Assert.Equal(expected, utf8);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(double.Parse(utf8, CultureInfo.InvariantCulture)));
    }
}
