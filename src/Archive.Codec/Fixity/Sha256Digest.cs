using System.Security.Cryptography;

namespace Archive.Codec.Fixity;

/// <summary>A SHA-256 digest as an immutable 32-byte value with value equality.</summary>
public readonly struct Sha256Digest : IEquatable<Sha256Digest>
{
    /// <summary>Digest length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _bytes;

    /// <summary>Copies a 32-byte digest.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public Sha256Digest(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            ThrowHelper.Argument(nameof(bytes), "A SHA-256 digest is 32 bytes.");
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[Length];

    /// <summary>Hashes a whole buffer.</summary>
    public static Sha256Digest Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Length];
        SHA256.HashData(data, hash);
        return new Sha256Digest(hash);
    }

    /// <summary>Parses 64 hex digits.</summary>
    public static Sha256Digest Parse(string hex) => new(Convert.FromHexString(hex));

    /// <inheritdoc/>
    public bool Equals(Sha256Digest other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Sha256Digest other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(Bytes);

    /// <summary>Lower-case hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(Bytes);

    /// <summary>Value equality.</summary>
    public static bool operator ==(Sha256Digest left, Sha256Digest right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Sha256Digest left, Sha256Digest right) => !left.Equals(right);
}
