using System.Buffers;

namespace Archive.Dicom.Network.Pdu;

/// <summary>One presentation data value of a P-DATA-TF PDU. <see cref="Data"/> borrows the receive buffer.</summary>
public readonly record struct Pdv(byte PresentationContextId, bool IsCommand, bool IsLast, ReadOnlySequence<byte> Data)
{
    /// <summary>Bytes of a PDV item before its data: 32-bit length, context id, message control header.</summary>
    public const int HeaderLength = 6;

    /// <summary>
    /// Reads the next PDV of a framed P-DATA-TF body. Returns false only when the body is exhausted; a PDV that
    /// overruns the body or is shorter than its 2-byte header throws <see cref="DicomProtocolException"/>.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> body, out Pdv pdv)
    {
        pdv = default;
        if (body.Remaining == 0)
        {
            return false;
        }

        uint length = ItemReader.ReadUInt32(ref body, "PDV item");
        if (length < 2 || length > body.Remaining)
        {
            ThrowHelper.ThrowInvalidLength("PDV item", length, body.Remaining);
        }

        body.TryRead(out byte contextId);
        body.TryRead(out byte control);
        if ((control & 0xFC) != 0 || (contextId & 1) == 0)
        {
            ThrowHelper.ThrowProtocol(Association.AssociationFailure.InvalidPduParameterValue, $"PDV context {contextId} control header 0x{control:X2}");
        }

        var data = body.UnreadSequence.Slice(0, length - 2);
        body.Advance(length - 2);
        pdv = new Pdv(contextId, (control & 1) != 0, (control & 2) != 0, data);
        return true;
    }
}
