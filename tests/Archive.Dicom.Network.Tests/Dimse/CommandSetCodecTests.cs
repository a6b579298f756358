using System.Buffers;
using System.Buffers.Binary;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Tests.Dimse;

public sealed class CommandSetCodecTests
{
    [Fact]
    public void Encode_ThenDecode_KeepsEveryField()
    {
        var command = new DimseCommand
        {
            CommandField = DimseCommandField.CMoveResponse,
            AffectedSopClassUid = "1.2.840.10008.5.1.4.1.2.2.2",
            MessageIdBeingRespondedTo = 7,
            Status = DimseStatus.Pending,
            RemainingSubOperations = 3,
            CompletedSubOperations = 2,
            FailedSubOperations = 1,
            WarningSubOperations = 0,
            ErrorComment = "odd",
            OffendingElements = [0x00100010u],
            MoveDestination = "DEST",
        };
        var decoded = CommandSetCodec.Decode(new ReadOnlySequence<byte>(CommandSetCodec.Encode(command)));
        Assert.Equal(command with { OffendingElements = null }, decoded with { OffendingElements = null });
        Assert.Equal([0x00100010u], decoded.OffendingElements);
    }

    [Fact]
    public void Encode_GroupLength_CountsEverythingAfterIt()
    {
        byte[] bytes = CommandSetCodec.Encode(new DimseCommand { CommandField = DimseCommandField.CEchoRequest, MessageId = 1, AffectedSopClassUid = "1.2.840.10008.1.1" });
        Assert.Equal((uint)(bytes.Length - 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(0, bytes.Length % 2);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 1, 2, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 8, 0, 0x18, 0, 2, 0, 0, 0, 1, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 1, 0xFF, 0xFF, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0x10, 1, 2, 0, 0, 0, 1, 0 })]
    public void Decode_MalformedOrWithoutCommandField_Throws(byte[] bytes) =>
        Assert.Throws<DicomProtocolException>(() => CommandSetCodec.Decode(new ReadOnlySequence<byte>(bytes)));

    [Theory]
    [InlineData(0x0000, DimseStatusCategory.Success)]
    [InlineData(0xFF00, DimseStatusCategory.Pending)]
    [InlineData(0xFF01, DimseStatusCategory.Pending)]
    [InlineData(0xFE00, DimseStatusCategory.Cancel)]
    [InlineData(0xB000, DimseStatusCategory.Warning)]
    [InlineData(0x0107, DimseStatusCategory.Warning)]
    [InlineData(0xA700, DimseStatusCategory.Failure)]
    [InlineData(0xC000, DimseStatusCategory.Failure)]
    [InlineData(0x0122, DimseStatusCategory.Failure)]
    public void Category_OfStatus_FollowsPs37AnnexC(int code, DimseStatusCategory expected) =>
        Assert.Equal(expected, new DimseStatus((ushort)code).Category);
}
