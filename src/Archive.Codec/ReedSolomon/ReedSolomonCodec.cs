using Archive.Codec.Galois;
using Archive.Codec.Kernels;

namespace Archive.Codec.ReedSolomon;

/// <summary>
/// Systematic Reed–Solomon erasure code over GF(2^8)/0x11D with k data and m parity shards
/// (k + m ≤ 255), using the Cauchy matrix of <see cref="GfMatrix.CauchyParityRows"/>: any k of the
/// k+m shards rebuild everything. Shards of one call all have the same length, any length ≥ 0.
/// <para>Thread-safety: an instance is immutable apart from its internal decode-plan cache, which is
/// thread-safe; share one instance per (k, m). Calls allocate nothing on the heap except when a new
/// erasure pattern is first planned.</para>
/// </summary>
public sealed unsafe partial class ReedSolomonCodec
{
    /// <summary>Largest k + m the field allows.</summary>
    public const int MaxTotalShards = 255;

    /// <summary>Default number of erasure patterns whose decode matrices are kept.</summary>
    public const int DefaultDecodeCacheCapacity = 256;

    private readonly byte[] _parityRows;
    private readonly PreparedMatrix _encode;
    private readonly DecodePlanCache _plans;

    private ReedSolomonCodec(int dataShards, int parityShards, GfKernel kernel, int decodeCacheCapacity)
    {
        DataShards = dataShards;
        ParityShards = parityShards;
        Kernel = kernel;
        _parityRows = GfMatrix.CauchyParityRows(dataShards, parityShards);
        _encode = kernel.Prepare(_parityRows, parityShards, dataShards);
        _plans = new DecodePlanCache(decodeCacheCapacity);
    }

    /// <summary>Number of data shards (k).</summary>
    public int DataShards { get; }

    /// <summary>Number of parity shards (m).</summary>
    public int ParityShards { get; }

    /// <summary>k + m.</summary>
    public int TotalShards => DataShards + ParityShards;

    /// <summary>The kernel every operation of this instance runs on.</summary>
    public GfKernel Kernel { get; }

    /// <summary>The m×k parity rows of the encoding matrix (row-major); the data rows are the identity.</summary>
    public ReadOnlySpan<byte> ParityMatrix => _parityRows;

    /// <summary>Decode patterns currently cached (for tests and metrics).</summary>
    public int CachedDecodePlans => _plans.Count;

    /// <summary>Creates a codec on the fastest kernel the CPU supports, or on <paramref name="kernel"/> when given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1, m &lt; 1 or k + m &gt; 255.</exception>
    /// <exception cref="NotSupportedException">The requested kernel cannot run on this CPU.</exception>
    public static ReedSolomonCodec Create(
        int dataShards,
        int parityShards,
        KernelKind? kernel = null,
        int decodeCacheCapacity = DefaultDecodeCacheCapacity)
    {
        if (dataShards < 1 || parityShards < 1 || dataShards + parityShards > MaxTotalShards)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(dataShards), "Need k ≥ 1, m ≥ 1 and k + m ≤ 255.");
        }

        return Create(dataShards, parityShards, kernel is { } kind ? GfKernels.Get(kind) : GfKernels.Best, decodeCacheCapacity);
    }

    /// <summary>Creates a codec on a specific kernel instance (tests, benchmarks, the self-test).</summary>
    public static ReedSolomonCodec Create(int dataShards, int parityShards, GfKernel kernel, int decodeCacheCapacity = DefaultDecodeCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (dataShards < 1 || parityShards < 1 || dataShards + parityShards > MaxTotalShards)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(dataShards), "Need k ≥ 1, m ≥ 1 and k + m ≤ 255.");
        }

        if (!kernel.IsSupported)
        {
            ThrowHelper.NotSupported($"Kernel {kernel.Kind} is not supported on this CPU.");
        }

        return new ReedSolomonCodec(dataShards, parityShards, kernel, decodeCacheCapacity);
    }

    /// <summary>
    /// Computes the m parity shards of one stripe laid out contiguously: <paramref name="data"/> holds
    /// k shards of <paramref name="shardLength"/> bytes back to back, <paramref name="parity"/> receives m.
    /// </summary>
    public void Encode(ReadOnlySpan<byte> data, Span<byte> parity, int shardLength)
    {
        CheckContiguous(data.Length, DataShards, shardLength, nameof(data));
        CheckContiguous(parity.Length, ParityShards, shardLength, nameof(parity));
        if (shardLength == 0)
        {
            return;
        }

        byte** inputs = stackalloc byte*[DataShards];
        byte** outputs = stackalloc byte*[ParityShards];
        fixed (byte* d = data)
        fixed (byte* p = parity)
        {
            Stride(d, shardLength, inputs, DataShards);
            Stride(p, shardLength, outputs, ParityShards);
            Kernel.Multiply(_encode, inputs, outputs, shardLength);
        }
    }

    /// <summary>Computes the m parity shards from k separate data shards, all of one length.</summary>
    public void Encode(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<Memory<byte>> parity)
    {
        if (data.Length != DataShards || parity.Length != ParityShards)
        {
            ThrowHelper.Argument(nameof(data), "Expected k data and m parity shards.");
        }

        int length = data[0].Length;
        for (int i = 0; i < data.Length; i++)
        {
            CheckLength(data[i].Length, length, nameof(data));
        }

        for (int i = 0; i < parity.Length; i++)
        {
            CheckLength(parity[i].Length, length, nameof(parity));
        }

        if (length == 0)
        {
            return;
        }

        PinnedShards pins = default;
        byte** inputs = stackalloc byte*[DataShards];
        byte** outputs = stackalloc byte*[ParityShards];
        try
        {
            for (int i = 0; i < DataShards; i++)
            {
                pins[i] = data[i].Pin();
                inputs[i] = (byte*)pins[i].Pointer;
            }

            for (int i = 0; i < ParityShards; i++)
            {
                pins[DataShards + i] = parity[i].Pin();
                outputs[i] = (byte*)pins[DataShards + i].Pointer;
            }

            Kernel.Multiply(_encode, inputs, outputs, length);
        }
        finally
        {
            pins.DisposeFirst(TotalShards);
        }
    }

    private static void Stride(byte* start, int shardLength, byte** pointers, int count)
    {
        for (int i = 0; i < count; i++)
        {
            pointers[i] = start + ((long)i * shardLength);
        }
    }

    private static void CheckContiguous(int actual, int shards, int shardLength, string paramName)
    {
        if (shardLength < 0 || (long)shards * shardLength != actual)
        {
            ThrowHelper.Argument(paramName, "Buffer length must be the shard count times the shard length.");
        }
    }

    private static void CheckLength(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            ThrowHelper.Argument(paramName, "All shards must have the same length.");
        }
    }
}
