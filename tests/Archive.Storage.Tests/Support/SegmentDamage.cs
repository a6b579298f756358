namespace Archive.Storage.Tests.Support;

/// <summary>Bit rot made to order: damage to a segment file behind the store's back.</summary>
internal static class SegmentDamage
{
    /// <summary>Flips bit 4 of the byte at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public static void FlipByte(string path, long offset)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        var one = new byte[1];
        RandomAccess.Read(handle, one, offset);
        one[0] ^= 0x10;
        RandomAccess.Write(handle, one, offset);
    }
}
