using System.Security.Cryptography;

namespace ActorKube.Core.Objects;

/// <summary>
/// Object uids: random (version 4) UUIDs as the apiserver gives them. Guid.NewGuid reads the OS's random source once
/// per call (a system call on Linux, ~1% of the apiserver's thread when it creates thousands of pods a second), so
/// the random bytes come from the same cryptographic source 256 uids at a time, one buffer per thread.
/// </summary>
public static class Uids
{
    private const int UidsPerRefill = 256;

    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static int _next;

    public static Guid NewGuid()
    {
        var buffer = _buffer ??= new byte[16 * UidsPerRefill];
        if (_next == 0)
        {
            RandomNumberGenerator.Fill(buffer);
        }

        Span<byte> bytes = stackalloc byte[16];
        buffer.AsSpan(_next * 16, 16).CopyTo(bytes);
        _next = (_next + 1) % UidsPerRefill;

        // RFC 4122 version 4, variant 10xx, as Guid.NewGuid sets them (bytes 6-7 are the little-endian third group).
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A new uid in the usual text form (<c>xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx</c>).</summary>
    public static string New() => NewGuid().ToString();
}
