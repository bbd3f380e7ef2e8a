using System.Security.Cryptography;

namespace CarbonAttrs;

/// <summary>
/// Random (version 4) run ids without a system call per id: <see cref="Guid.NewGuid"/> asks the kernel for
/// 16 random bytes each time (about 400 ns on a VM, most of a per-row call), so each thread draws 4 KiB of
/// cryptographic randomness at once and cuts 256 ids from it.
/// </summary>
internal static class RunIds
{
    private const int IdsPerRefill = 256;
    private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

    [ThreadStatic] private static byte[]? t_buffer;
    [ThreadStatic] private static int t_next;

    public static Guid Next()
    {
        var buffer = t_buffer ??= new byte[16 * IdsPerRefill];
        if (t_next == 0)
            Random.GetBytes(buffer);
        var offset = t_next * 16;
        t_next = (t_next + 1) % IdsPerRefill;
        buffer[offset + 7] = (byte)((buffer[offset + 7] & 0x0F) | 0x40); // version 4 (high nibble of Data3, little-endian)
        buffer[offset + 8] = (byte)((buffer[offset + 8] & 0x3F) | 0x80); // RFC 4122 variant
#if NET
        return new Guid(buffer.AsSpan(offset, 16));
#else
        var bytes = new byte[16];
        Buffer.BlockCopy(buffer, offset, bytes, 0, 16);
        return new Guid(bytes);
#endif
    }
}
