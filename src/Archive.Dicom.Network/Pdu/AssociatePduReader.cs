using System.Buffers;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Pdu;

/// <summary>Parses the bodies of A-ASSOCIATE-RQ and -AC PDUs (PS3.8 §9.3.2, §9.3.3) that are whole in memory.</summary>
internal static class AssociatePduReader
{
    /// <summary>Fixed part: protocol version, reserved, called AE, calling AE, 32 reserved bytes.</summary>
    public const int FixedLength = 2 + 2 + 16 + 16 + 32;

    public static AssociateRequest ReadRequest(ReadOnlySequence<byte> body, PduLimits limits)
    {
        var reader = new SequenceReader<byte>(body);
        var (version, called, calling) = ReadFixed(ref reader);
        string? context = null;
        UserInformation? user = null;
        var contexts = new List<PresentationContextProposal>();
        while (reader.Remaining > 0)
        {
            var (type, length) = ItemReader.ReadItemHeader(ref reader, "A-ASSOCIATE-RQ");
            var value = ItemReader.ReadSlice(ref reader, length, "A-ASSOCIATE-RQ item");
            switch ((ItemType)type)
            {
                case ItemType.ApplicationContext:
                    context = ReadText(value, "application context");
                    break;
                case ItemType.PresentationContextRequest:
                    if (contexts.Count >= limits.MaxPresentationContexts)
                    {
                        ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"more than {limits.MaxPresentationContexts} presentation contexts");
                    }

                    var proposal = ReadProposal(value, limits);
                    if (contexts.Exists(c => c.Id == proposal.Id))
                    {
                        // PS3.8 9.3.2.2: each presentation context of an association has its own ID.
                        ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"presentation context ID {proposal.Id} proposed twice");
                    }

                    contexts.Add(proposal);
                    break;
                case ItemType.UserInformation:
                    user = UserInformationReader.Read(value, limits);
                    break;
                default:
                    break;
            }
        }

        return new AssociateRequest(called, calling, contexts, user ?? new UserInformation(0, null), context ?? string.Empty, version);
    }

    public static AssociateAccept ReadAccept(ReadOnlySequence<byte> body, PduLimits limits)
    {
        var reader = new SequenceReader<byte>(body);
        var (version, called, calling) = ReadFixed(ref reader);
        string? context = null;
        UserInformation? user = null;
        var contexts = new List<PresentationContextResult>();
        while (reader.Remaining > 0)
        {
            var (type, length) = ItemReader.ReadItemHeader(ref reader, "A-ASSOCIATE-AC");
            var value = ItemReader.ReadSlice(ref reader, length, "A-ASSOCIATE-AC item");
            switch ((ItemType)type)
            {
                case ItemType.ApplicationContext:
                    context = ReadText(value, "application context");
                    break;
                case ItemType.PresentationContextAccept:
                    if (contexts.Count >= limits.MaxPresentationContexts)
                    {
                        ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"more than {limits.MaxPresentationContexts} presentation contexts");
                    }

                    var result = ReadResult(value);
                    if (contexts.Exists(c => c.Id == result.Id))
                    {
                        ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"presentation context ID {result.Id} answered twice");
                    }

                    contexts.Add(result);
                    break;
                case ItemType.UserInformation:
                    user = UserInformationReader.Read(value, limits);
                    break;
                default:
                    break;
            }
        }

        return new AssociateAccept(called, calling, contexts, user ?? new UserInformation(0, null), context ?? string.Empty, version);
    }

    private static (ushort Version, string Called, string Calling) ReadFixed(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < FixedLength)
        {
            ThrowHelper.ThrowInvalidLength("A-ASSOCIATE fixed fields", reader.Remaining, FixedLength);
        }

        Span<byte> fixedPart = stackalloc byte[FixedLength];
        reader.TryCopyTo(fixedPart);
        reader.Advance(FixedLength);
        ushort version = (ushort)((fixedPart[0] << 8) | fixedPart[1]);
        return (version, AeTitle.Decode(fixedPart.Slice(4, 16)), AeTitle.Decode(fixedPart.Slice(20, 16)));
    }

    private static string ReadText(ReadOnlySequence<byte> value, string what)
    {
        var reader = new SequenceReader<byte>(value);
        return ItemReader.ReadUid(ref reader, (int)value.Length, what);
    }

    private static PresentationContextProposal ReadProposal(ReadOnlySequence<byte> value, PduLimits limits)
    {
        var reader = new SequenceReader<byte>(value);
        byte id = ItemReader.ReadByte(ref reader, "presentation context");
        ItemReader.ReadSlice(ref reader, 3, "presentation context");
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>(2);
        while (reader.Remaining > 0)
        {
            var (type, length) = ItemReader.ReadItemHeader(ref reader, "presentation context");
            switch ((ItemType)type)
            {
                case ItemType.AbstractSyntax:
                    abstractSyntax = ItemReader.ReadUid(ref reader, length, "abstract syntax");
                    break;
                case ItemType.TransferSyntax:
                    if (transferSyntaxes.Count >= limits.MaxTransferSyntaxesPerContext)
                    {
                        ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"more than {limits.MaxTransferSyntaxesPerContext} transfer syntaxes in context {id}");
                    }

                    transferSyntaxes.Add(ItemReader.ReadUid(ref reader, length, "transfer syntax"));
                    break;
                default:
                    ThrowHelper.ThrowProtocol(AssociationFailure.UnrecognizedPduParameter, $"sub-item 0x{type:X2} in presentation context {id}");
                    break;
            }
        }

        if (abstractSyntax is null || transferSyntaxes.Count == 0)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"presentation context {id} lacks an abstract syntax or a transfer syntax");
        }

        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextResult ReadResult(ReadOnlySequence<byte> value)
    {
        var reader = new SequenceReader<byte>(value);
        byte id = ItemReader.ReadByte(ref reader, "presentation context");
        ItemReader.ReadByte(ref reader, "presentation context");
        byte result = ItemReader.ReadByte(ref reader, "presentation context");
        ItemReader.ReadByte(ref reader, "presentation context");
        string transferSyntax = string.Empty;
        while (reader.Remaining > 0)
        {
            var (type, length) = ItemReader.ReadItemHeader(ref reader, "presentation context");
            if ((ItemType)type != ItemType.TransferSyntax)
            {
                ThrowHelper.ThrowProtocol(AssociationFailure.UnrecognizedPduParameter, $"sub-item 0x{type:X2} in accepted presentation context {id}");
            }

            transferSyntax = ItemReader.ReadUid(ref reader, length, "transfer syntax");
        }

        if (result > 4)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"presentation context {id} result {result}");
        }

        return new PresentationContextResult(id, (PresentationContextOutcome)result, transferSyntax);
    }
}
