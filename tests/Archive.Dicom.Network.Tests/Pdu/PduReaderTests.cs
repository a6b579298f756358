using System.Buffers;
using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Pdu;
using Archive.Dicom.Network.Tests.Infrastructure;

namespace Archive.Dicom.Network.Tests.Pdu;

public sealed class PduReaderTests
{
    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void TryRead_EveryPrefix_ReturnsFalseAndConsumesNothing(string name)
    {
        byte[] bytes = Samples.ByName(name);
        for (int length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(PduFrame.TryRead(ref reader, PduLimits.Default, out _));
            Assert.Equal(0, reader.Consumed);
        }

        var whole = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(PduFrame.TryRead(ref whole, PduLimits.Default, out var frame));
        Assert.Equal(bytes.Length, whole.Consumed);
        Assert.Equal(bytes[0], (byte)frame.Type);
    }

    [Theory]
    [MemberData(nameof(Samples.Names), MemberType = typeof(Samples))]
    public void TryRead_EverySplitPoint_ReadsTheSamePdu(string name)
    {
        byte[] bytes = Samples.ByName(name);
        for (int cut = 1; cut < bytes.Length; cut++)
        {
            var reader = new SequenceReader<byte>(Samples.Split(bytes, cut));
            Assert.True(PduFrame.TryRead(ref reader, PduLimits.Default, out var frame));
            Assert.Equal(bytes.Length - PduFrame.HeaderLength, frame.Body.Length);
            Assert.Equal(bytes.AsSpan(PduFrame.HeaderLength).ToArray(), frame.Body.ToArray());
        }
    }

    [Fact]
    public void AssociateRequest_RoundTrip_KeepsEveryItemAndSubItem()
    {
        byte[] bytes = Samples.ByName("rq");
        for (int cut = 1; cut < bytes.Length; cut += 7)
        {
            var reader = new SequenceReader<byte>(Samples.Split(bytes, cut));
            Assert.True(PduReader.TryReadAssociateRequest(ref reader, PduLimits.Default, out var rq));
            Assert.Equal(bytes, Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, rq)));
            Assert.Equal("MODALITY1", rq.CallingAeTitle);
            Assert.Equal(3, rq.PresentationContexts[1].TransferSyntaxes.Count);
            Assert.Equal(new AsyncOperationsWindow(2, 3), rq.UserInformation.AsyncOperations);
            Assert.True(rq.UserInformation.RoleSelections[0].ScpRole);
            Assert.Equal("secret"u8.ToArray(), rq.UserInformation.UserIdentity!.SecondaryField.ToArray());
            Assert.Equal("1.2.840.10008.4.2", rq.UserInformation.CommonExtendedNegotiations[0].ServiceClassUid);
            Assert.Equal(new byte[] { 1, 0, 1 }, rq.UserInformation.ExtendedNegotiations[0].ApplicationInformation.ToArray());
        }
    }

    [Fact]
    public void AssociateAccept_RoundTrip_KeepsResultsRolesAndIdentityResponse()
    {
        byte[] bytes = Samples.ByName("ac");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(PduReader.TryReadAssociateAccept(ref reader, PduLimits.Default, out var ac));
        Assert.Equal(bytes, Samples.Bytes(w => PduWriter.WriteAssociateAccept(w, ac)));
        Assert.Equal(PresentationContextOutcome.TransferSyntaxesNotSupported, ac.PresentationContexts[1].Outcome);
        Assert.Equal(32768u, ac.UserInformation.MaxPduLength);
        Assert.Equal(new byte[] { 9, 9 }, ac.UserInformation.UserIdentityResponse!.ServerResponse.ToArray());
    }

    [Fact]
    public void RejectAndAbort_RoundTrip_KeepFields()
    {
        var rj = new SequenceReader<byte>(new ReadOnlySequence<byte>(Samples.ByName("rj")));
        Assert.True(PduReader.TryReadAssociateReject(ref rj, PduLimits.Default, out var reject));
        Assert.Equal(new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, 7), reject);
        var ab = new SequenceReader<byte>(new ReadOnlySequence<byte>(Samples.ByName("abort")));
        Assert.True(PduReader.TryReadAbort(ref ab, PduLimits.Default, out var abort));
        Assert.Equal(new AAbort(AbortSource.ServiceProvider, 6), abort);
        var rq = new SequenceReader<byte>(new ReadOnlySequence<byte>(Samples.ByName("release-rq")));
        Assert.True(PduReader.TryReadReleaseRequest(ref rq, PduLimits.Default));
        var rp = new SequenceReader<byte>(new ReadOnlySequence<byte>(Samples.ByName("release-rp")));
        Assert.True(PduReader.TryReadReleaseResponse(ref rp, PduLimits.Default));
    }

    [Fact]
    public void PData_Pdvs_ReadInOrderWithFlags()
    {
        byte[] bytes = Samples.ByName("pdata");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(PduFrame.TryRead(ref reader, PduLimits.Default, out var frame));
        var body = new SequenceReader<byte>(frame.Body);
        var pdvs = new List<Pdv>();
        while (Pdv.TryRead(ref body, out var pdv))
        {
            pdvs.Add(pdv);
        }

        Assert.Equal([(true, false, 3L), (true, true, 1L), (false, true, 100L)], pdvs.Select(p => (p.IsCommand, p.IsLast, p.Data.Length)).ToArray());
    }

    [Fact]
    public void TryRead_LengthOverCap_ThrowsFromTheHeaderAlone()
    {
        byte[] header = [0x04, 0, 0x7F, 0xFF, 0xFF, 0xFF];
        var ex = Assert.Throws<DicomProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(header));
            PduFrame.TryRead(ref reader, PduLimits.Default, out _);
        });
        Assert.Equal(AssociationFailure.InvalidPduParameterValue, ex.Failure);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x08, 0, 0, 0, 0, 4 })]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ' })]
    public void TryRead_UnknownType_ThrowsUnrecognizedPdu(byte[] bytes)
    {
        var ex = Assert.Throws<DicomProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            PduFrame.TryRead(ref reader, PduLimits.Default, out _);
        });
        Assert.Equal(AssociationFailure.UnrecognizedPdu, ex.Failure);
    }

    [Fact]
    public void AssociateRequest_ItemLengthPastTheEnd_ThrowsInvalidParameter()
    {
        byte[] bytes = Samples.ByName("rq");
        bytes[6 + 68 + 2] = 0xFF; // application context item length high byte
        var ex = Assert.Throws<DicomProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            PduReader.TryReadAssociateRequest(ref reader, PduLimits.Default, out _);
        });
        Assert.Equal(AssociationFailure.InvalidPduParameterValue, ex.Failure);
    }

    [Fact]
    public void Pdv_LengthShorterThanHeader_Throws()
    {
        byte[] bytes = [0x04, 0, 0, 0, 0, 6, 0, 0, 0, 1, 1, 3];
        Assert.Throws<DicomProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            PduFrame.TryRead(ref reader, PduLimits.Default, out var frame);
            var body = new SequenceReader<byte>(frame.Body);
            Pdv.TryRead(ref body, out _);
        });
    }

    [Fact]
    public void AssociateRequest_TooManyContexts_ThrowsBeforeReadingThemAll()
    {
        var contexts = Enumerable.Range(0, 10).Select(i => new PresentationContextProposal((byte)((2 * i) + 1), "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])).ToArray();
        byte[] bytes = Samples.Bytes(w => PduWriter.WriteAssociateRequest(w, Samples.Request() with { PresentationContexts = contexts }));
        Assert.Throws<DicomProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            PduReader.TryReadAssociateRequest(ref reader, PduLimits.Default with { MaxPresentationContexts = 4 }, out _);
        });
    }
}
