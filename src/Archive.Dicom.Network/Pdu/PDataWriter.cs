using System.Buffers;
using System.Buffers.Binary;

namespace Archive.Dicom.Network.Pdu;

/// <summary>
/// Writes P-DATA-TF PDUs carrying one PDV each, sized to the peer's maximum length (PS3.8 §9.3.5, D.1).
/// Stateless and thread-safe.
/// </summary>
public static class PDataWriter
{
    /// <summary>Bytes before the data of a one-PDV P-DATA-TF: PDU header then PDV header.</summary>
    public const int Overhead = PduFrame.HeaderLength + Pdv.HeaderLength;

    /// <summary>
    /// Largest data fragment for a peer that announced <paramref name="peerMaxPduLength"/> (the maximum length of
    /// the P-DATA-TF variable field; 0 = unlimited, then <paramref name="unlimitedFragment"/> is used).
    /// </summary>
    public static int MaxFragmentLength(uint peerMaxPduLength, int unlimitedFragment)
    {
        if (peerMaxPduLength == 0)
        {
            return unlimitedFragment;
        }

        return (int)Math.Clamp(peerMaxPduLength - (long)Pdv.HeaderLength, 1, unlimitedFragment);
    }

    /// <summary>Writes the 12 header bytes of a one-PDV P-DATA-TF PDU whose data is <paramref name="dataLength"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, byte contextId, bool isCommand, bool isLast, int dataLength)
    {
        PduWriter.WriteHeader(destination, PduType.PData, (uint)(dataLength + Pdv.HeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], (uint)(dataLength + 2));
        destination[10] = contextId;
        destination[11] = (byte)((isCommand ? 1 : 0) | (isLast ? 2 : 0));
    }

    /// <summary>Writes one whole P-DATA-TF PDU with one PDV.</summary>
    public static void WriteFragment(IBufferWriter<byte> output, byte contextId, bool isCommand, bool isLast, ReadOnlySpan<byte> data)
    {
        var span = output.GetSpan(Overhead + data.Length);
        WriteHeader(span, contextId, isCommand, isLast, data.Length);
        data.CopyTo(span[Overhead..]);
        output.Advance(Overhead + data.Length);
    }
}
