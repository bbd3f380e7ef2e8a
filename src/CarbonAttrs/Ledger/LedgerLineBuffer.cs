using System.Globalization;
using System.Text;

namespace CarbonAttrs.Ledger;

/// <summary>
/// A growable UTF-8 buffer the ledger writer formats rows into: fields are encoded in place (no string per
/// field, no string per row) and a batch of complete lines goes to the file in one write. Owned by the single
/// writer (used under its lock only); after warm-up it allocates nothing.
/// </summary>
internal sealed class LedgerLineBuffer
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);
    private byte[] _bytes;

    public LedgerLineBuffer(int initialCapacity = 64 * 1024) => _bytes = new byte[initialCapacity];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The backing array; bytes [0, <see cref="Length"/>) are the content.</summary>
    public byte[] Array => _bytes;

    public void Clear() => Length = 0;

    /// <summary>Forgets everything after <paramref name="length"/> (a row that failed half-way).</summary>
    public void Truncate(int length) => Length = length;

    public void Byte(byte value)
    {
        Ensure(1);
        _bytes[Length++] = value;
    }

    public void Bytes(byte[] value) => Bytes(value, 0, value.Length);

    public void Bytes(byte[] source, int offset, int count)
    {
        Ensure(count);
#if NET8_0_OR_GREATER
        source.AsSpan(offset, count).CopyTo(_bytes.AsSpan(Length)); // cheaper than BlockCopy for the short fields of a row
#else
        Buffer.BlockCopy(source, offset, _bytes, Length, count);
#endif
        Length += count;
    }

    /// <summary>Copies bytes [<paramref name="start"/>, start + count) of this buffer into <paramref name="destination"/>.</summary>
    public void CopyTo(int start, int count, byte[] destination) => Buffer.BlockCopy(_bytes, start, destination, 0, count);

    /// <summary>A text field with <see cref="CsvFormat.Text"/>'s rules (formula defusing, RFC 4180 quoting), in UTF-8.</summary>
    public void Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        var text = value!;
        var defuse = text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var quote = text.IndexOfAny(CsvSpecials) >= 0;
        if (quote)
            Byte((byte)'"');
        if (defuse)
            Byte((byte)'\'');
        if (!quote)
        {
            Raw(text, 0, text.Length);
            return;
        }
        // Inside quotes a quote is doubled: encode the runs between quotes (a quote never splits a surrogate pair).
        var from = 0;
        int at;
        while ((at = text.IndexOf('"', from)) >= 0)
        {
            Raw(text, from, at - from);
            Byte((byte)'"');
            Byte((byte)'"');
            from = at + 1;
        }
        Raw(text, from, text.Length - from);
        Byte((byte)'"');
    }

    private static readonly char[] CsvSpecials = { ',', '"', '\n', '\r' };

    /// <summary>Text as is, in UTF-8 (lone surrogates become U+FFFD, as the string writer did).</summary>
    public void Raw(string text) => Raw(text, 0, text.Length);

    private void Raw(string text, int start, int count)
    {
        if (count == 0)
            return;
        Ensure(Utf8NoBom.GetMaxByteCount(count));
        Length += Utf8NoBom.GetBytes(text, start, count, _bytes, Length);
    }

    /// <summary>A number as <c>ToString("R", InvariantCulture)</c> writes it; NaN and infinities as an empty field.</summary>
    public void Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            return;
#if NET8_0_OR_GREATER
        // double is IUtf8SpanFormattable: the runtime writes the shortest round-trip text straight into the buffer
        // ("R" is the shortest round-trippable form since .NET Core 3.0). 32 bytes hold the longest, e.g. -1.2345678901234567E-308.
        Ensure(32);
        if (value.TryFormat(_bytes.AsSpan(Length), out var written, "R", CultureInfo.InvariantCulture))
        {
            Length += written;
            return;
        }
#endif
        Raw(value.ToString("R", CultureInfo.InvariantCulture));
    }

    public void Integer(long value)
    {
#if NET8_0_OR_GREATER
        Ensure(20);
        if (value.TryFormat(_bytes.AsSpan(Length), out var written, default, CultureInfo.InvariantCulture))
        {
            Length += written;
            return;
        }
#endif
        Raw(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A GUID as <see cref="Guid.ToString()"/> writes it (format D).</summary>
    public void Guid(Guid value)
    {
#if NET8_0_OR_GREATER
        Ensure(36);
        if (value.TryFormat(_bytes.AsSpan(Length), out var written))
        {
            Length += written;
            return;
        }
#endif
        Raw(value.ToString());
    }

    /// <summary>
    /// A UTC time as <c>ToString("yyyy-MM-ddTHH:mm:ss.ffffff", InvariantCulture)</c> writes it (fraction
    /// truncated to microseconds), without the custom-format parser.
    /// </summary>
    public void Timestamp(DateTime time)
    {
        Ensure(26);
        var b = _bytes;
        var i = Length;
#if NET8_0_OR_GREATER
        time.Deconstruct(out int year, out int month, out int day); // one calendar computation instead of three
#else
        var (year, month, day) = (time.Year, time.Month, time.Day);
#endif
        Digits(b, ref i, year, 4);
        b[i++] = (byte)'-';
        Digits(b, ref i, month, 2);
        b[i++] = (byte)'-';
        Digits(b, ref i, day, 2);
        b[i++] = (byte)'T';
        Digits(b, ref i, time.Hour, 2);
        b[i++] = (byte)':';
        Digits(b, ref i, time.Minute, 2);
        b[i++] = (byte)':';
        Digits(b, ref i, time.Second, 2);
        b[i++] = (byte)'.';
        Digits(b, ref i, (int)(time.Ticks % TimeSpan.TicksPerSecond / 10), 6);
        Length = i;
    }

    private static void Digits(byte[] b, ref int i, int value, int width)
    {
        for (var k = width - 1; k >= 0; k--)
        {
            b[i + k] = (byte)('0' + value % 10);
            value /= 10;
        }
        i += width;
    }

    private void Ensure(int extra)
    {
        if (Length + extra <= _bytes.Length)
            return;
        var bigger = new byte[Math.Max(_bytes.Length * 2, Length + extra)];
        Buffer.BlockCopy(_bytes, 0, bigger, 0, Length);
        _bytes = bigger;
    }
}
