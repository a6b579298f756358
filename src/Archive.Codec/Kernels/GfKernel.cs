using System.Runtime.CompilerServices;

namespace Archive.Codec.Kernels;

/// <summary>
/// Computes outputs[r] = Σ_c M[r,c]·inputs[c] over GF(2^8), byte-wise, for a prepared matrix M.
/// Outputs are overwritten (not accumulated), which lets vector kernels finish a ragged tail by
/// recomputing one overlapping last vector. Kernels are stateless and thread-safe.
/// <para>Cache blocking: the length is cut into chunks sized so that the chunk of every input stays
/// in L1 while groups of up to <see cref="MaxRowsPerPass"/> outputs are accumulated in registers; each
/// input byte is loaded once per group and each output byte stored once.</para>
/// </summary>
public abstract unsafe class GfKernel
{
    private const int ChunkBudgetBytes = 32 * 1024;

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

        int vectorEnd = length - (length % width);
        int chunk = Math.Max(width * 4, (ChunkBudgetBytes / matrix.Cols) / width * width);
        fixed (byte* tables = matrix.Tables)
        {
            for (int start = 0; start < vectorEnd; start += chunk)
            {
                RunGroups(matrix, tables, inputs, outputs, start, Math.Min(start + chunk, vectorEnd));
            }

            if (vectorEnd != length)
            {
                // Overwrite semantics make recomputing an overlapping last vector harmless.
                RunGroups(matrix, tables, inputs, outputs, length - width, length);
            }
        }
    }

    /// <summary>Bytes of table per coefficient in this kernel's format.</summary>
    private protected abstract int TableBytesPerCoefficient { get; }

    /// <summary>Writes the table for coefficient <paramref name="c"/>.</summary>
    private protected abstract void ExpandCoefficient(byte c, Span<byte> destination);

    /// <summary>
    /// Processes rows [0, rows) of a group starting at <paramref name="tables"/> / <paramref name="outputs"/>
    /// for byte range [start, end), end - start a multiple of <see cref="VectorWidth"/>.
    /// </summary>
    private protected abstract void RunGroup(int rows, int cols, byte* tables, byte** inputs, byte** outputs, int start, int end);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RunGroups(PreparedMatrix matrix, byte* tables, byte** inputs, byte** outputs, int start, int end)
    {
        int perPass = MaxRowsPerPass;
        int rowTableBytes = matrix.Cols * TableBytesPerCoefficient;
        for (int r0 = 0; r0 < matrix.Rows; r0 += perPass)
        {
            int rows = Math.Min(perPass, matrix.Rows - r0);
            RunGroup(rows, matrix.Cols, tables + (r0 * rowTableBytes), inputs, outputs + r0, start, end);
        }
    }
}
