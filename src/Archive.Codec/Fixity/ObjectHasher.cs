using System.Security.Cryptography;

namespace Archive.Codec.Fixity;

/// <summary>
/// Incremental SHA-256 over an object's exact bytes, fed in any number of pieces (e.g. as a C-STORE
/// streams to its spool file). Not thread-safe; reusable after <see cref="Finish"/>; dispose when done.
/// </summary>
public sealed class ObjectHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes appended since the last <see cref="Finish"/>.</summary>
    public long Length { get; private set; }

    /// <summary>Adds the next piece of the object.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        Length += data.Length;
    }

    /// <summary>Returns the digest of everything appended and resets for the next object.</summary>
    public Sha256Digest Finish()
    {
        Span<byte> digest = stackalloc byte[Sha256Digest.Length];
        _hash.GetHashAndReset(digest);
        Length = 0;
        return new Sha256Digest(digest);
    }

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();
}
