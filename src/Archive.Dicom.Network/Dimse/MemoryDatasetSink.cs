using System.Buffers;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Dimse;

/// <summary>A dataset kept in memory, refusing to grow past its cap (a protocol error: the association aborts).</summary>
public sealed class MemoryDatasetSink : IDatasetSink
{
    private readonly int _maxLength;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public MemoryDatasetSink(int maxLength) => _maxLength = maxLength;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> Data => _buffer.WrittenMemory;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        if ((long)_buffer.WrittenCount + fragment.Length > _maxLength)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"in-memory dataset exceeds {_maxLength} bytes");
        }

        _buffer.Write(fragment.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
