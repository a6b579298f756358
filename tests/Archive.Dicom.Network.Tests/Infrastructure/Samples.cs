using System.Buffers;
using System.Text;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Tests.Infrastructure;

/// <summary>Sample PDUs with every item and sub-item, as values and as bytes.</summary>
internal static class Samples
{
    public static AssociateRequest Request() => new(
        "ARCHIVE",
        "MODALITY1",
        [
            new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]),
            new PresentationContextProposal(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.4.70"]),
            new PresentationContextProposal(5, "1.2.840.10008.5.1.4.1.2.2.3", ["1.2.840.10008.1.2.1"]),
        ],
        new UserInformation(
            16384,
            "1.2.3.4.5",
            "TEST_1",
            new AsyncOperationsWindow(2, 3),
            [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)],
            new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, true, Encoding.ASCII.GetBytes("user"), Encoding.ASCII.GetBytes("secret")),
            null,
            [new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[] { 1, 0, 1 })],
            [new SopClassCommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.4.2", ["1.2.840.10008.5.1.4.1.1.2.1"])]));

    public static AssociateAccept Accept() => new(
        "ARCHIVE",
        "MODALITY1",
        [
            new PresentationContextResult(1, PresentationContextOutcome.Acceptance, "1.2.840.10008.1.2"),
            new PresentationContextResult(3, PresentationContextOutcome.TransferSyntaxesNotSupported, "1.2.840.10008.1.2.1"),
        ],
        new UserInformation(32768, "1.2.3.4.6", "TEST_2", new AsyncOperationsWindow(1, 1), [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)], UserIdentityResponse: new UserIdentityResponse(new byte[] { 9, 9 })));

    public static byte[] Bytes(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] PData(params (byte Context, bool Command, bool Last, byte[] Data)[] pdvs)
    {
        var body = new List<byte>();
        foreach (var (context, command, last, data) in pdvs)
        {
            uint length = (uint)data.Length + 2;
            body.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, context, (byte)((command ? 1 : 0) | (last ? 2 : 0))]);
            body.AddRange(data);
        }

        uint pduLength = (uint)body.Count;
        return [0x04, 0, (byte)(pduLength >> 24), (byte)(pduLength >> 16), (byte)(pduLength >> 8), (byte)pduLength, .. body];
    }

    /// <summary>Every PDU type, named, as bytes.</summary>
    public static TheoryData<string> Names() => new("rq", "ac", "rj", "release-rq", "release-rp", "abort", "pdata");

    public static byte[] ByName(string name) => name switch
    {
        "rq" => Bytes(w => PduWriter.WriteAssociateRequest(w, Request())),
        "ac" => Bytes(w => PduWriter.WriteAssociateAccept(w, Accept())),
        "rj" => Bytes(w => PduWriter.WriteAssociateReject(w, new AssociateReject(RejectResult.Permanent, RejectSource.ServiceUser, 7))),
        "release-rq" => Bytes(PduWriter.WriteReleaseRequest),
        "release-rp" => Bytes(PduWriter.WriteReleaseResponse),
        "abort" => Bytes(w => PduWriter.WriteAbort(w, new AAbort(AbortSource.ServiceProvider, 6))),
        _ => PData((1, true, false, [1, 2, 3]), (1, true, true, [4]), (1, false, true, new byte[100])),
    };

    /// <summary>A sequence split into one segment per byte range boundary given.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        Segment? first = null, last = null;
        int start = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            var segment = new Segment(bytes.AsMemory(start, cut - start));
            if (first is null)
            {
                first = last = segment;
            }
            else
            {
                last = last!.Append(segment);
            }

            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
            return next;
        }
    }
}
