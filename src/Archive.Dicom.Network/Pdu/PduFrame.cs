using System.Buffers;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Pdu;

/// <summary>One whole PDU as it sits in the receive buffer: its type and its body (everything after the 6-byte header).</summary>
/// <remarks>The body borrows the caller's buffer: it is valid only until that buffer is released.</remarks>
public readonly record struct PduFrame(PduType Type, ReadOnlySequence<byte> Body)
{
    /// <summary>Bytes of the PDU header: type, reserved, 32-bit big-endian length.</summary>
    public const int HeaderLength = 6;

    /// <summary>
    /// Reads one PDU if it is entirely in <paramref name="reader"/>. Returns false and consumes nothing when more
    /// bytes are needed. Throws <see cref="DicomProtocolException"/> as soon as the header shows an unknown type or
    /// a length over <paramref name="limits"/>, before any of the body is awaited.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, PduLimits limits, out PduFrame frame)
    {
        frame = default;
        if (reader.Remaining < HeaderLength)
        {
            // The type byte alone is enough to refuse garbage early.
            if (reader.Remaining > 0 && reader.TryPeek(out byte first) && !IsKnown(first))
            {
                ThrowHelper.ThrowProtocol(AssociationFailure.UnrecognizedPdu, $"unknown PDU type 0x{first:X2}");
            }

            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        reader.TryCopyTo(header);
        byte type = header[0];
        if (!IsKnown(type))
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.UnrecognizedPdu, $"unknown PDU type 0x{type:X2}");
        }

        uint length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[2..]);
        var pduType = (PduType)type;
        uint cap = limits.MaxLengthFor(pduType);
        if (length > cap)
        {
            ThrowHelper.ThrowInvalidLength($"{pduType} PDU", length, cap);
        }

        uint fixedLength = pduType switch
        {
            PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort => 4,
            _ => 0,
        };
        if (fixedLength != 0 && length != fixedLength)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"{pduType} PDU length must be {fixedLength}, was {length}");
        }

        if (reader.Remaining < HeaderLength + length)
        {
            return false;
        }

        reader.Advance(HeaderLength);
        frame = new PduFrame(pduType, reader.UnreadSequence.Slice(0, length));
        reader.Advance(length);
        return true;
    }

    private static bool IsKnown(byte type) => type is >= 0x01 and <= 0x07;
}
