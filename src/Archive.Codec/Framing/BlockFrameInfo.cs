namespace Archive.Codec.Framing;

/// <summary>
/// Result of <see cref="BlockFrame.TryVerify"/> or <see cref="BlockFrame.TryReadHeader"/>.
/// Header fields are only meaningful when the status got past header validation
/// (<see cref="BlockFrameStatus.Valid"/>, <see cref="BlockFrameStatus.ChecksumMismatch"/>, and
/// <see cref="BlockFrameStatus.Truncated"/> after a complete header).
/// </summary>
/// <param name="Status">What was found.</param>
/// <param name="Algorithm">Checksum algorithm recorded in the frame.</param>
/// <param name="MinorVersion">Minor format version recorded in the frame.</param>
/// <param name="BlockIndex">Caller-defined block number covered by the checksum (guards misplaced blocks).</param>
/// <param name="PayloadLength">Payload length in bytes.</param>
public readonly record struct BlockFrameInfo(
    BlockFrameStatus Status,
    ChecksumAlgorithm Algorithm,
    byte MinorVersion,
    uint BlockIndex,
    int PayloadLength)
{
    /// <summary>True when the frame verified.</summary>
    public bool IsValid => Status == BlockFrameStatus.Valid;

    /// <summary>Offset of the payload inside the frame.</summary>
    public static int PayloadOffset => BlockFrame.HeaderLength;

    /// <summary>Total frame length (header + payload + checksum); valid once the header was read.</summary>
    public int FrameLength => BlockFrame.HeaderLength + PayloadLength + BlockFrame.ChecksumLength(Algorithm);

    /// <summary>Slices the payload out of the frame this info was read from.</summary>
    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> frame) => frame.Slice(BlockFrame.HeaderLength, PayloadLength);

    internal static BlockFrameInfo Failed(BlockFrameStatus status) => new(status, default, 0, 0, 0);
}
