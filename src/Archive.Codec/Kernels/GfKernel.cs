using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Archive.Codec.Kernels;

/// <summary>
/// Computes outputs[r] = Σ_c M[r,c]·inputs[c] over GF(2^8), byte-wise, for a prepared matrix M.
/// Outputs are overwritten (not accumulated), which lets vector kernels finish a ragged tail by
/// recomputing one overlapping last vector. Kernels are stateless and thread-safe.
/// <para>Cache blocking: the length is cut into chunks sized so that the chunk of every input stays
/// in L1 while groups of up to <see cref="MaxRowsPerPass"/> outputs are accumulated in registers; each
/// input byte is loaded once per group and each output byte stored once.</para>
/// <para>Streaming: when the outputs are too large to stay in L2 anyway, vector kernels write them with
/// non-temporal stores (no read-for-ownership of lines about to be overwritten, about a quarter of the
/// memory traffic of RS(10,4)) and prefetch their inputs ahead. That needs every output at the same
/// offset from a vector boundary; otherwise the cached path runs.</para>
/// </summary>
public abstract unsafe class GfKernel
{
    private const int ChunkBudgetBytes = 32 * 1024;

    /// <summary>
    /// Total output bytes of one call from which parity is streamed past the caches: at least a core's L2
    /// (2 MiB on the reference CPU), where the outputs would be evicted before anyone reads them again.
    /// </summary>
    internal const long StreamingThresholdBytes = 2L << 20;

    /// <summary>Which implementation this is.</summary>
    public abstract KernelKind Kind { get; }

    /// <summary>Whether the current CPU and runtime can execute this kernel.</summary>
    public abstract bool IsSupported { get; }

    /// <summary>Bytes processed per vector step (1 for scalar).</summary>
    public abstract int VectorWidth { get; }

    /// <summary>Outputs accumulated in registers per pass over the inputs.</summary>
    public abstract int MaxRowsPerPass { get; }

    /// <summary>Expands a row-major rows×cols coefficient matrix into this kernel's tables.</summary>
    public PreparedMatrix Prepare(ReadOnlySpan<byte> coefficients, int rows, int cols)
    {
        if (rows < 1 || cols < 1 || coefficients.Length < rows * cols)
        {
            ThrowHelper.Argument(nameof(coefficients), "Matrix shape does not match its coefficients.");
        }

        byte[] copy = coefficients[..(rows * cols)].ToArray();
        int stride = TableBytesPerCoefficient;
        byte[] tables = GC.AllocateArray<byte>(Math.Max(1, copy.Length * stride), pinned: true);
        for (int i = 0; i < copy.Length; i++)
        {
            ExpandCoefficient(copy[i], tables.AsSpan(i * stride, stride));
        }

        return new PreparedMatrix(this, copy, rows, cols, tables);
    }

    /// <summary>
    /// outputs[r][0..length) = Σ_c M[r,c]·inputs[c][0..length). Pointers must stay valid (pinned) for
    /// the call; outputs must not overlap inputs. Allocation-free.
    /// </summary>
    public void Multiply(PreparedMatrix matrix, byte** inputs, byte** outputs, int length)
    {
        if (!ReferenceEquals(matrix.Kernel, this))
        {
            ThrowHelper.Argument(nameof(matrix), "Matrix was prepared for another kernel.");
        }

        int width = VectorWidth;
        if (length < width || width == 1)
        {
            ScalarKernel.MultiplyRange(matrix.Coefficients, matrix.Rows, matrix.Cols, inputs, outputs, 0, length);
            return;
        }

        fixed (byte* tables = matrix.Tables)
        {
            int head = StreamingHead(outputs, matrix.Rows, length);
            bool streaming = head >= 0;
            if (head > 0)
            {
                // Overwrite semantics make recomputing overlapping vectors harmless: the cached first
                // vector covers the bytes before the outputs reach a vector boundary.
                RunGroups(matrix, tables, inputs, outputs, 0, width, streaming: false);
            }

            int begin = Math.Max(0, head);
            int vectorEnd = length - ((length - begin) % width);
            int chunk = Math.Max(width * 4, (ChunkBudgetBytes / matrix.Cols) / width * width);
            for (int start = begin; start < vectorEnd; start += chunk)
            {
                RunGroups(matrix, tables, inputs, outputs, start, Math.Min(start + chunk, vectorEnd), streaming);
            }

            if (vectorEnd != length)
            {
                RunGroups(matrix, tables, inputs, outputs, length - width, length, streaming: false);
            }

            if (streaming)
            {
                // Non-temporal stores are weakly ordered: drain them before the caller publishes the outputs.
                Sse.StoreFence();
            }
        }
    }

    /// <summary>
    /// Where the streaming path starts: the bytes every output needs before it reaches a vector boundary,
    /// or -1 to stay on the cached path (small outputs, scalar kernel, or outputs misaligned differently).
    /// </summary>
    internal int StreamingHead(byte** outputs, int rows, int length)
    {
        int width = VectorWidth;
        if (width == 1 || (long)rows * length < StreamingThresholdBytes)
        {
            return -1;
        }

        int misalignment = (int)((nuint)outputs[0] & (nuint)(width - 1));
        for (int r = 1; r < rows; r++)
        {
            if ((int)((nuint)outputs[r] & (nuint)(width - 1)) != misalignment)
            {
                return -1;
            }
        }

        return (width - misalignment) & (width - 1);
    }

    /// <summary>Bytes of table per coefficient in this kernel's format.</summary>
    private protected abstract int TableBytesPerCoefficient { get; }

    /// <summary>Writes the table for coefficient <paramref name="c"/>.</summary>
    private protected abstract void ExpandCoefficient(byte c, Span<byte> destination);

    /// <summary>
    /// Processes rows [0, rows) of a group starting at <paramref name="tables"/> / <paramref name="outputs"/>
    /// for byte range [start, end), end - start a multiple of <see cref="VectorWidth"/>. When
    /// <paramref name="streaming"/>, every outputs[r] + start is vector-aligned and the kernel may store
    /// with non-temporal hints and prefetch its inputs.
    /// </summary>
    private protected abstract void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RunGroups(PreparedMatrix matrix, byte* tables, byte** inputs, byte** outputs, int start, int end, bool streaming)
    {
        int perPass = MaxRowsPerPass;
        int rowTableBytes = matrix.Cols * TableBytesPerCoefficient;
        for (int r0 = 0; r0 < matrix.Rows; r0 += perPass)
        {
            int rows = Math.Min(perPass, matrix.Rows - r0);
            RunGroup(rows, matrix.Cols, tables + (r0 * rowTableBytes), inputs, outputs + r0, start, end, streaming);
        }
    }
}
