using System.Runtime.InteropServices;
using Archive.Codec.Galois;
using Archive.Codec.Kernels;
using Archive.Codec.ReedSolomon;

namespace Archive.Bench.Codec;

/// <summary>
/// One RS(k,m) encode or reconstruct workload on 64-byte-aligned native shards, runnable on our kernels or
/// ISA-L. Reconstruct loses min(4, m) data shards (the first ones) and rebuilds them from the survivors.
/// Not thread-safe; dispose to free the native memory.
/// </summary>
public sealed unsafe class ErasureWorkload : IDisposable
{
    private readonly byte*[] _shards;
    private readonly ReedSolomonCodec? _codec;
    private readonly bool[] _present;
    private readonly byte* _isalTables;
    private readonly byte** _isalIn;
    private readonly byte** _isalOut;
    private readonly int _isalRows;
    private readonly ReadOnlyMemory<byte>[] _data;
    private readonly Memory<byte>[] _parity;
    private readonly Memory<byte>[] _all;

    public ErasureWorkload(int k, int m, int shardLength, CodecPath path, bool reconstruct)
    {
        K = k;
        M = m;
        ShardLength = shardLength;
        Path = path;
        Reconstruct = reconstruct;
        _shards = new byte*[k + m];
        var random = new Random(42);
        for (int i = 0; i < k + m; i++)
        {
            _shards[i] = (byte*)NativeMemory.AlignedAlloc((nuint)shardLength, 64);
            random.NextBytes(new Span<byte>(_shards[i], shardLength));
        }

        _all = new Memory<byte>[k + m];
        for (int i = 0; i < k + m; i++)
        {
            _all[i] = new NativeShard(_shards[i], shardLength).Memory;
        }

        _data = _all[..k].Select(x => (ReadOnlyMemory<byte>)x).ToArray();
        _parity = _all[k..];
        int lost = Math.Min(4, m);
        _present = Enumerable.Range(0, k + m).Select(i => i >= lost).ToArray();
        var reference = ReedSolomonCodec.Create(k, m);
        EncodeWith(reference);
        if (path < CodecPath.IsaLAvx2)
        {
            _codec = ReedSolomonCodec.Create(k, m, (KernelKind)path);
            return;
        }

        // ISA-L: encode matrix rows, or for reconstruct the decode rows (same math as our plan).
        byte[] rows = reconstruct ? DecodeRows(k, m, lost) : GfMatrix.CauchyParityRows(k, m);
        _isalRows = reconstruct ? lost : m;
        _isalTables = (byte*)NativeMemory.AlignedAlloc((nuint)(32 * k * _isalRows), 64);
        fixed (byte* r = rows)
        {
            IsaL.InitTables(k, _isalRows, r, _isalTables);
        }

        _isalIn = (byte**)NativeMemory.Alloc((nuint)(k * sizeof(byte*)));
        _isalOut = (byte**)NativeMemory.Alloc((nuint)(_isalRows * sizeof(byte*)));
        for (int i = 0; i < k; i++)
        {
            _isalIn[i] = reconstruct ? _shards[lost + i] : _shards[i];
        }

        for (int i = 0; i < _isalRows; i++)
        {
            _isalOut[i] = reconstruct ? _shards[i] : _shards[k + i];
        }
    }

    public int K { get; }

    public int M { get; }

    public int ShardLength { get; }

    public CodecPath Path { get; }

    public bool Reconstruct { get; }

    /// <summary>Bytes of data (k shards) one run covers.</summary>
    public long DataBytes => (long)K * ShardLength;

    public void Run()
    {
        if (_codec is not null)
        {
            if (Reconstruct)
            {
                _codec.TryReconstruct(_all, _present, dataOnly: true);
            }
            else
            {
                EncodeWith(_codec);
            }

            return;
        }

        switch (Path)
        {
            case CodecPath.IsaLAvx2: IsaL.EncodeDataAvx2(ShardLength, K, _isalRows, _isalTables, _isalIn, _isalOut); break;
            case CodecPath.IsaLAvx512: IsaL.EncodeDataAvx512(ShardLength, K, _isalRows, _isalTables, _isalIn, _isalOut); break;
            default: IsaL.EncodeData(ShardLength, K, _isalRows, _isalTables, _isalIn, _isalOut); break;
        }
    }

    public void Dispose()
    {
        foreach (byte* shard in _shards)
        {
            NativeMemory.AlignedFree(shard);
        }

        NativeMemory.AlignedFree(_isalTables);
        NativeMemory.Free(_isalIn);
        NativeMemory.Free(_isalOut);
    }

    private static byte[] DecodeRows(int k, int m, int lost)
    {
        byte[] parity = GfMatrix.CauchyParityRows(k, m);
        var sub = new byte[k * k];
        for (int r = 0; r < k; r++)
        {
            int shard = lost + r;
            if (shard < k)
            {
                sub[(r * k) + shard] = 1;
            }
            else
            {
                parity.AsSpan((shard - k) * k, k).CopyTo(sub.AsSpan(r * k));
            }
        }

        GfMatrix.TryInvert(sub, k, out byte[] inverse);
        return inverse.AsSpan(0, lost * k).ToArray();
    }

    private void EncodeWith(ReedSolomonCodec codec) => codec.Encode(_data, _parity);
}
