using Archive.Dicom.Network.Association;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Tests.Association;

public sealed class AssociationNegotiatorTests
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    private const string Implicit = "1.2.840.10008.1.2";
    private const string Explicit = "1.2.840.10008.1.2.1";
    private const string JpegLossless = "1.2.840.10008.1.2.4.70";
    private const string ExplicitBigEndian = "1.2.840.10008.1.2.2";
    private const string Rle = "1.2.840.10008.1.2.5";

    private static PresentationContextProposal P(byte id, string abstractSyntax, string[] transferSyntaxes) => new(id, abstractSyntax, transferSyntaxes);

    private static AssociateRequest Request(params PresentationContextProposal[] contexts) =>
        new("ARCHIVE", "MODALITY", contexts, new UserInformation(16384, "1.2.3"));

    private static NegotiationResult Negotiate(AssociateRequest request, AssociationPolicy? policy = null) =>
        new AssociationNegotiator(policy ?? new AssociationPolicy(), new AssociationOptions()).Negotiate(request);

    [Fact]
    public void Negotiate_StorageContext_TakesTheRequestorsFirstAcceptableSyntax()
    {
        var result = Negotiate(Request(P(1, Ct, [JpegLossless, Explicit]), P(3, Ct, [Implicit, Explicit])));
        Assert.Equal([(PresentationContextOutcome.Acceptance, JpegLossless), (PresentationContextOutcome.Acceptance, Implicit)], result.Accept!.PresentationContexts.Select(c => (c.Outcome, c.TransferSyntax)).ToArray());
    }

    [Fact]
    public void Negotiate_OurPreferenceWhenAsked_PrefersExplicit()
    {
        var result = Negotiate(Request(P(1, Ct, [Implicit, Explicit])), new AssociationPolicy { PreferRequestorStorageOrder = false });
        Assert.Equal(Explicit, result.Accept!.PresentationContexts[0].TransferSyntax);
    }

    [Fact]
    public void Negotiate_UnknownAbstractSyntax_RejectsThatContextOnly()
    {
        var result = Negotiate(Request(P(1, "1.2.3.4.5.6", [Implicit]), P(3, "1.2.840.10008.1.1", [Implicit])));
        Assert.Equal([PresentationContextOutcome.AbstractSyntaxNotSupported, PresentationContextOutcome.Acceptance], result.Accept!.PresentationContexts.Select(c => c.Outcome).ToArray());
    }

    [Fact]
    public void Negotiate_NoAcceptableTransferSyntax_RejectsContextWithReason4()
    {
        var result = Negotiate(Request(P(1, "1.2.840.10008.1.1", [JpegLossless]), P(3, Ct, ["1.2.3.999"]), P(5, Ct, [Explicit])));
        Assert.Equal([PresentationContextOutcome.TransferSyntaxesNotSupported, PresentationContextOutcome.TransferSyntaxesNotSupported, PresentationContextOutcome.Acceptance], result.Accept!.PresentationContexts.Select(c => c.Outcome).ToArray());
    }

    [Fact]
    public void Negotiate_NothingAcceptable_RejectsTheAssociation()
    {
        var result = Negotiate(Request(P(1, "1.2.3.4", [Implicit])));
        Assert.Equal(AssociationFailure.RejectedNoReason, result.Failure);
        Assert.Null(result.Accept);
    }

    [Theory]
    [InlineData("", "MODALITY", AssociationFailure.CalledAeTitleNotRecognized)]
    [InlineData("ARCHIVE", "", AssociationFailure.CallingAeTitleNotRecognized)]
    [InlineData("ARCHIVE", "BAD\\AE", AssociationFailure.CallingAeTitleNotRecognized)]
    [InlineData("ARCHIVE", "TAB\tAE", AssociationFailure.CallingAeTitleNotRecognized)]
    [InlineData("OTHER", "MODALITY", AssociationFailure.CalledAeTitleNotRecognized)]
    public void Negotiate_InvalidOrWrongAeTitles_Rejects(string called, string calling, AssociationFailure expected)
    {
        var request = Request(P(1, Ct, [Implicit])) with { CalledAeTitle = called, CallingAeTitle = calling };
        var result = Negotiate(request, new AssociationPolicy { RequireCalledAeTitle = true });
        Assert.Equal(expected, result.Failure);
        Assert.Equal(expected == AssociationFailure.CalledAeTitleNotRecognized ? (byte)7 : (byte)3, AssociationFailureTable.ToReject(expected)!.Value.Reason);
    }

    [Fact]
    public void Negotiate_CallingAeNotAllowed_RejectsReason3()
    {
        var result = Negotiate(Request(P(1, Ct, [Implicit])), new AssociationPolicy { IsCallingAeTitleAllowed = (ae, _) => ae == "PACS" });
        Assert.Equal(AssociationFailure.CallingAeTitleNotRecognized, result.Failure);
    }

    [Fact]
    public void Negotiate_WrongApplicationContextOrVersion_Rejects()
    {
        Assert.Equal(AssociationFailure.ApplicationContextNotSupported, Negotiate(Request(P(1, Ct, [Implicit])) with { ApplicationContextName = "1.2.3" }).Failure);
        Assert.Equal(AssociationFailure.ProtocolVersionNotSupported, Negotiate(Request(P(1, Ct, [Implicit])) with { ProtocolVersion = 2 }).Failure);
    }

    [Fact]
    public void Negotiate_QueryRetrieveExtendedNegotiation_AnswersRelationalOnly_AndNothingForWhatWasNotAccepted()
    {
        const string StudyRootFind = Archive.Dicom.Network.Dimse.ServiceUids.StudyRootFind;
        const string StudyRootMove = Archive.Dicom.Network.Dimse.ServiceUids.StudyRootMove;
        const string Worklist = "1.2.840.10008.5.1.4.31";
        var request = Request(P(1, StudyRootFind, [Explicit]), P(3, StudyRootMove, [Explicit])) with
        {
            UserInformation = new UserInformation(0, "1.2.3", ExtendedNegotiations:
            [
                new SopClassExtendedNegotiation(StudyRootFind, new byte[] { 1, 1, 1, 1 }), // relational, date-time, fuzzy, timezone
                new SopClassExtendedNegotiation(StudyRootMove, new byte[] { 0 }),
                new SopClassExtendedNegotiation(Worklist, new byte[] { 1 }), // no context proposed for it
            ]),
        };
        var answers = Negotiate(request).Accept!.UserInformation.ExtendedNegotiations;
        Assert.Equal(
            [(StudyRootFind, new byte[] { 1, 0, 0, 0 }), (StudyRootMove, new byte[] { 0 })],
            answers.Select(a => (a.SopClassUid, a.ApplicationInformation.ToArray())).ToArray());
    }

    [Fact]
    public void Negotiate_ScpRoleForStorage_IsGrantedForCGet()
    {
        var request = Request(P(1, Ct, [Explicit])) with
        {
            UserInformation = new UserInformation(0, "1.2.3", RoleSelections: [new RoleSelection(Ct, false, true)]),
        };
        var accept = Negotiate(request).Accept!;
        Assert.Equal(new RoleSelection(Ct, false, true), accept.UserInformation.RoleSelections.Single());
        Assert.True(AssociationInfo.From(request, accept).Contexts[1].RequestorIsScp);
    }

    [Theory]
    [InlineData(new[] { JpegLossless, Explicit, Implicit }, Explicit)]
    [InlineData(new[] { ExplicitBigEndian, Implicit, Explicit }, Implicit)]
    [InlineData(new[] { Rle, JpegLossless }, Rle)]
    public void Negotiate_StorageContextTheRequestorReceivesOn_FirstLittleEndianUncompressedSyntax(string[] proposed, string expected)
    {
        // A C-GET's SCU takes the SCP role for storage: the context must carry what the archive can send. A compressed
        // or big-endian first choice would fail every uncompressed instance; with only compressed ones, its own order.
        var request = Request(P(1, Ct, proposed)) with
        {
            UserInformation = new UserInformation(0, "1.2.3", RoleSelections: [new RoleSelection(Ct, false, true)]),
        };
        Assert.Equal(expected, Negotiate(request).Accept!.PresentationContexts.Single().TransferSyntax);
        Assert.Equal(proposed[0], Negotiate(Request(P(1, Ct, proposed))).Accept!.PresentationContexts.Single().TransferSyntax); // storing to us: as proposed
    }

    [Fact]
    public void Negotiate_PrivateStorageClass_AcceptedOnlyWhenConfigured()
    {
        const string Private = "1.3.6.1.4.1.9999.1";
        Assert.Null(Negotiate(Request(P(1, Private, [Explicit]))).Accept);
        var policy = new AssociationPolicy { PrivateStorageSopClasses = new HashSet<string> { Private } };
        Assert.True(Negotiate(Request(P(1, Private, [Explicit])), policy).Accept!.PresentationContexts[0].IsAccepted);
    }

    [Fact]
    public void Negotiate_EvenOrDuplicateContextId_RejectedAsProviderNoReason()
    {
        var result = Negotiate(Request(P(1, Ct, [Explicit]), P(1, Ct, [Explicit]), P(2, Ct, [Explicit])));
        Assert.Equal([PresentationContextOutcome.Acceptance, PresentationContextOutcome.ProviderRejectionNoReason, PresentationContextOutcome.ProviderRejectionNoReason], result.Accept!.PresentationContexts.Select(c => c.Outcome).ToArray());
    }
}
