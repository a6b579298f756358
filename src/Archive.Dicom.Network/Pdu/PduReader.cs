using System.Buffers;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Pdu;

/// <summary>
/// Incremental readers, one per PDU type (STYLE.md §3): each returns false and consumes nothing while the PDU is
/// incomplete, throws <see cref="DicomProtocolException"/> on malformed input, and checks every length against
/// <see cref="PduLimits"/> before allocating. Stateless and thread-safe.
/// </summary>
public static class PduReader
{
    public static bool TryReadAssociateRequest(ref SequenceReader<byte> reader, PduLimits limits, out AssociateRequest value)
    {
        value = null!;
        if (!TryReadTyped(ref reader, limits, PduType.AssociateRequest, out var body))
        {
            return false;
        }

        value = AssociatePduReader.ReadRequest(body, limits);
        return true;
    }

    public static bool TryReadAssociateAccept(ref SequenceReader<byte> reader, PduLimits limits, out AssociateAccept value)
    {
        value = null!;
        if (!TryReadTyped(ref reader, limits, PduType.AssociateAccept, out var body))
        {
            return false;
        }

        value = AssociatePduReader.ReadAccept(body, limits);
        return true;
    }

    public static bool TryReadAssociateReject(ref SequenceReader<byte> reader, PduLimits limits, out AssociateReject value)
    {
        value = default;
        if (!TryReadTyped(ref reader, limits, PduType.AssociateReject, out var body))
        {
            return false;
        }

        value = ParseReject(body);
        return true;
    }

    public static bool TryReadAbort(ref SequenceReader<byte> reader, PduLimits limits, out AAbort value)
    {
        value = default;
        if (!TryReadTyped(ref reader, limits, PduType.Abort, out var body))
        {
            return false;
        }

        value = ParseAbort(body);
        return true;
    }

    public static bool TryReadReleaseRequest(ref SequenceReader<byte> reader, PduLimits limits) =>
        TryReadTyped(ref reader, limits, PduType.ReleaseRequest, out _);

    public static bool TryReadReleaseResponse(ref SequenceReader<byte> reader, PduLimits limits) =>
        TryReadTyped(ref reader, limits, PduType.ReleaseResponse, out _);

    /// <summary>Reads the reject fields of a framed A-ASSOCIATE-RJ body (4 bytes, checked by framing).</summary>
    public static AssociateReject ParseReject(ReadOnlySequence<byte> body)
    {
        Span<byte> b = stackalloc byte[4];
        body.CopyTo(b);
        if (b[1] is < 1 or > 2 || b[2] is < 1 or > 3)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"A-ASSOCIATE-RJ result {b[1]} source {b[2]}");
        }

        return new AssociateReject((RejectResult)b[1], (RejectSource)b[2], b[3]);
    }

    /// <summary>Reads the abort fields of a framed A-ABORT body (4 bytes, checked by framing).</summary>
    public static AAbort ParseAbort(ReadOnlySequence<byte> body)
    {
        Span<byte> b = stackalloc byte[4];
        body.CopyTo(b);
        return new AAbort(b[2] > 2 ? AbortSource.ServiceProvider : (AbortSource)b[2], b[3]);
    }

    private static bool TryReadTyped(ref SequenceReader<byte> reader, PduLimits limits, PduType expected, out ReadOnlySequence<byte> body)
    {
        body = default;
        var copy = reader;
        if (!PduFrame.TryRead(ref copy, limits, out var frame))
        {
            return false;
        }

        if (frame.Type != expected)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.UnexpectedPdu, $"expected {expected}, got {frame.Type}");
        }

        reader = copy;
        body = frame.Body;
        return true;
    }
}
