using System.Buffers;
using System.Buffers.Binary;

namespace Archive.Dicom.Network.Pdu;

/// <summary>
/// Writes whole PDUs into an <see cref="IBufferWriter{T}"/>. Stateless and thread-safe; the caller owns the
/// writer and flushes it. P-DATA-TF fragments are written by <see cref="PDataWriter"/>.
/// </summary>
public static class PduWriter
{
    public static void WriteAssociateRequest(IBufferWriter<byte> output, AssociateRequest request)
    {
        using var b = new PduBuilder();
        AssociatePduWriter.WriteRequest(b, request);
        WriteFramed(output, PduType.AssociateRequest, b.WrittenSpan);
    }

    public static void WriteAssociateAccept(IBufferWriter<byte> output, AssociateAccept accept)
    {
        using var b = new PduBuilder();
        AssociatePduWriter.WriteAccept(b, accept);
        WriteFramed(output, PduType.AssociateAccept, b.WrittenSpan);
    }

    public static void WriteAssociateReject(IBufferWriter<byte> output, AssociateReject reject) =>
        WriteFixed(output, PduType.AssociateReject, 0, (byte)reject.Result, (byte)reject.Source, reject.Reason);

    public static void WriteReleaseRequest(IBufferWriter<byte> output) => WriteFixed(output, PduType.ReleaseRequest, 0, 0, 0, 0);

    public static void WriteReleaseResponse(IBufferWriter<byte> output) => WriteFixed(output, PduType.ReleaseResponse, 0, 0, 0, 0);

    public static void WriteAbort(IBufferWriter<byte> output, AAbort abort) =>
        WriteFixed(output, PduType.Abort, 0, 0, (byte)abort.Source, abort.Reason);

    /// <summary>Writes the 6-byte PDU header.</summary>
    public static void WriteHeader(Span<byte> destination, PduType type, uint length)
    {
        destination[0] = (byte)type;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], length);
    }

    private static void WriteFramed(IBufferWriter<byte> output, PduType type, ReadOnlySpan<byte> body)
    {
        var span = output.GetSpan(PduFrame.HeaderLength + body.Length);
        WriteHeader(span, type, (uint)body.Length);
        body.CopyTo(span[PduFrame.HeaderLength..]);
        output.Advance(PduFrame.HeaderLength + body.Length);
    }

    private static void WriteFixed(IBufferWriter<byte> output, PduType type, byte b0, byte b1, byte b2, byte b3)
    {
        var span = output.GetSpan(PduFrame.HeaderLength + 4);
        WriteHeader(span, type, 4);
        span[6] = b0;
        span[7] = b1;
        span[8] = b2;
        span[9] = b3;
        output.Advance(PduFrame.HeaderLength + 4);
    }
}
