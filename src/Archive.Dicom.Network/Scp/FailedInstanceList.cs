using System.Buffers.Binary;
using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Network.Scp;

/// <summary>Encodes the Failed SOP Instance UID List (0008,0058) identifier of a final C-MOVE/C-GET response.</summary>
internal static class FailedInstanceList
{
    public static byte[] Encode(IReadOnlyList<string> uids, string transferSyntax)
    {
        bool explicitVr = transferSyntax != DicomTransferSyntax.ImplicitVRLittleEndian.Uid;
        var text = new StringBuilder();
        foreach (string uid in uids)
        {
            if (text.Length + uid.Length + 1 > ushort.MaxValue - 1)
            {
                break;
            }

            if (text.Length > 0)
            {
                text.Append('\\');
            }

            text.Append(uid);
        }

        int length = text.Length + (text.Length & 1);
        int header = 8;
        var bytes = new byte[header + length];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, 0x0008);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 0x0058);
        if (explicitVr)
        {
            bytes[4] = (byte)'U';
            bytes[5] = (byte)'I';
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)length);
        }

        Encoding.ASCII.GetBytes(text.ToString(), bytes.AsSpan(header));
        return bytes;
    }
}
