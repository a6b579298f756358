using Archive.Dicom.IO;

namespace Archive.Cli.Commands.Dicom;

/// <summary>A Part 10 file to send: its UIDs and where its dataset starts (found with a header-only read).</summary>
internal sealed record StoreCommandFile(string Path, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DatasetOffset)
{
    public static async Task<StoreCommandFile?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            var head = new byte[Math.Min(stream.Length, 64 * 1024)];
            await stream.ReadExactlyAsync(head, cancellationToken);
            return Parse(path, head);
        }
        catch (Exception ex) when (ex is IOException or DicomParseException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the group 0002 elements of a Part 10 head directly: their offsets are what the network needs.</summary>
    private static StoreCommandFile? Parse(string path, byte[] bytes)
    {
        if (bytes.Length < 144 || bytes[128] != 'D' || bytes[129] != 'I' || bytes[130] != 'C' || bytes[131] != 'M')
        {
            return null;
        }

        int pos = 132;
        string sopClass = "", sopInstance = "", ts = "";
        while (pos + 8 <= bytes.Length && BitConverter.ToUInt16(bytes, pos) == 0x0002)
        {
            ushort element = BitConverter.ToUInt16(bytes, pos + 2);
            string vr = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 2);
            int length, header;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN")
            {
                length = (int)BitConverter.ToUInt32(bytes, pos + 8);
                header = 12;
            }
            else
            {
                length = BitConverter.ToUInt16(bytes, pos + 6);
                header = 8;
            }

            if (length < 0 || pos + header + length > bytes.Length)
            {
                return null;
            }

            string value = System.Text.Encoding.ASCII.GetString(bytes, pos + header, length).TrimEnd('\0', ' ');
            switch (element)
            {
                case 0x0002: sopClass = value; break;
                case 0x0003: sopInstance = value; break;
                case 0x0010: ts = value; break;
            }

            pos += header + length;
        }

        return sopClass.Length == 0 || sopInstance.Length == 0 || ts.Length == 0 ? null : new StoreCommandFile(path, sopClass, sopInstance, ts, pos);
    }
}
