using System.Collections.Concurrent;
using Archive.Codec.Compression;
using Archive.Codec.ReedSolomon;

namespace Archive.Grid.Coding;

/// <summary>
/// The codec instances a grid node shares: one Reed–Solomon codec per (k, m) (they are
/// thread-safe) and a pool of compressors (they are not). Owned by the host; thread-safe.
/// </summary>
public sealed class CodecPool : IDisposable
{
    private readonly ConcurrentDictionary<(int K, int M), ReedSolomonCodec> _codecs = new();
    private readonly ConcurrentBag<ObjectCompressor> _compressors = [];
    private readonly int _compressionLevel;

    public CodecPool(int compressionLevel = 1) => _compressionLevel = compressionLevel;

    /// <summary>The shared codec for k data and m parity shards.</summary>
    public ReedSolomonCodec ReedSolomon(int k, int m) => _codecs.GetOrAdd((k, m), static key => ReedSolomonCodec.Create(key.K, key.M));

    /// <summary>Borrows a compressor; give it back with <see cref="Return"/>.</summary>
    public ObjectCompressor RentCompressor() => _compressors.TryTake(out var c) ? c : new ObjectCompressor(_compressionLevel);

    public void Return(ObjectCompressor compressor) => _compressors.Add(compressor);

    public void Dispose()
    {
        while (_compressors.TryTake(out var c))
        {
            c.Dispose();
        }
    }
}
