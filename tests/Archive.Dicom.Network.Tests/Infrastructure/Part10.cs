using System.Buffers.Binary;
using System.Text;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>Just enough Part 10 reading for tests: the meta header's UIDs and where the dataset starts.</summary>
internal static class Part10
{
    public sealed record FileInfo(string Path, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DatasetOffset)
    {
        public byte[] ReadDataset() => File.ReadAllBytes(Path)[(int)DatasetOffset..];

        public long DatasetLength => new System.IO.FileInfo(Path).Length - DatasetOffset;
    }

    public static FileInfo Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (Encoding.ASCII.GetString(bytes, 128, 4) != "DICM")
        {
            throw new InvalidDataException(path + " is not Part 10");
        }

        int pos = 132;
        string sopClass = "", sopInstance = "", ts = "";
        while (pos < bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos)) == 0x0002)
        {
            ushort element = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 2));
            string vr = Encoding.ASCII.GetString(bytes, pos + 4, 2);
            int length, header;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN")
            {
                length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 8));
                header = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(pos + 6));
                header = 8;
            }

            string value = Encoding.ASCII.GetString(bytes, pos + header, length).TrimEnd('\0', ' ');
            switch (element)
            {
                case 0x0002: sopClass = value; break;
                case 0x0003: sopInstance = value; break;
                case 0x0010: ts = value; break;
            }

            pos += header + length;
        }

        return new FileInfo(path, sopClass, sopInstance, ts, pos);
    }
}
