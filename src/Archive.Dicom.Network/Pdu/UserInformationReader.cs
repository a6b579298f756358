using System.Buffers;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Pdu;

/// <summary>Parses the value of a User Information item (type 50) whose bytes are whole in memory.</summary>
internal static class UserInformationReader
{
    public static UserInformation Read(ReadOnlySequence<byte> value, PduLimits limits)
    {
        var reader = new SequenceReader<byte>(value);
        uint maxLength = 0;
        string? implementationClass = null;
        string? versionName = null;
        AsyncOperationsWindow? window = null;
        UserIdentityRequest? identity = null;
        UserIdentityResponse? identityResponse = null;
        List<RoleSelection>? roles = null;
        List<SopClassExtendedNegotiation>? extended = null;
        List<SopClassCommonExtendedNegotiation>? common = null;
        int subItems = 0;

        while (reader.Remaining > 0)
        {
            var (type, length) = ItemReader.ReadItemHeader(ref reader, "user information sub-item");
            if (++subItems > limits.MaxSubItems)
            {
                ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"more than {limits.MaxSubItems} user information sub-items");
            }

            var item = new SequenceReader<byte>(ItemReader.ReadSlice(ref reader, length, "user information sub-item"));
            switch ((ItemType)type)
            {
                case ItemType.MaximumLength:
                    RequireLength(length, 4, "maximum length");
                    maxLength = ItemReader.ReadUInt32(ref item, "maximum length");
                    break;
                case ItemType.ImplementationClassUid:
                    implementationClass = ItemReader.ReadUid(ref item, length, "implementation class UID");
                    break;
                case ItemType.ImplementationVersionName:
                    if (length > 16)
                    {
                        ThrowHelper.ThrowInvalidLength("implementation version name", length, 16);
                    }

                    versionName = ItemReader.ReadAscii(ref item, length, "implementation version name").TrimEnd('\0', ' ');
                    break;
                case ItemType.AsynchronousOperationsWindow:
                    RequireLength(length, 4, "asynchronous operations window");
                    window = new AsyncOperationsWindow(ItemReader.ReadUInt16(ref item, "window"), ItemReader.ReadUInt16(ref item, "window"));
                    break;
                case ItemType.RoleSelection:
                    string roleUid = ItemReader.ReadLengthPrefixedUid(ref item, "role selection SOP class");
                    byte scu = ItemReader.ReadByte(ref item, "role selection");
                    byte scp = ItemReader.ReadByte(ref item, "role selection");
                    (roles ??= []).Add(new RoleSelection(roleUid, scu == 1, scp == 1));
                    break;
                case ItemType.SopClassExtendedNegotiation:
                    string extUid = ItemReader.ReadLengthPrefixedUid(ref item, "extended negotiation SOP class");
                    var info = ItemReader.ReadBytes(ref item, (int)item.Remaining, "extended negotiation");
                    (extended ??= []).Add(new SopClassExtendedNegotiation(extUid, info));
                    break;
                case ItemType.SopClassCommonExtendedNegotiation:
                    (common ??= []).Add(ReadCommonExtended(ref item, limits));
                    break;
                case ItemType.UserIdentityRequest:
                    var identityType = (UserIdentityType)ItemReader.ReadByte(ref item, "user identity");
                    bool positive = ItemReader.ReadByte(ref item, "user identity") == 1;
                    var primary = ItemReader.ReadBytes(ref item, ItemReader.ReadUInt16(ref item, "user identity"), "user identity primary field");
                    var secondary = ItemReader.ReadBytes(ref item, ItemReader.ReadUInt16(ref item, "user identity"), "user identity secondary field");
                    identity = new UserIdentityRequest(identityType, positive, primary, secondary);
                    break;
                case ItemType.UserIdentityResponse:
                    identityResponse = new UserIdentityResponse(ItemReader.ReadBytes(ref item, ItemReader.ReadUInt16(ref item, "user identity"), "server response"));
                    break;
                default:
                    // PS3.8 §9.3.1: items of unrecognized types are ignored and skipped.
                    break;
            }
        }

        return new UserInformation(maxLength, implementationClass, versionName, window, roles, identity, identityResponse, extended, common);
    }

    private static SopClassCommonExtendedNegotiation ReadCommonExtended(ref SequenceReader<byte> item, PduLimits limits)
    {
        string sopClass = ItemReader.ReadLengthPrefixedUid(ref item, "common extended SOP class");
        string serviceClass = ItemReader.ReadLengthPrefixedUid(ref item, "common extended service class");
        ushort relatedLength = ItemReader.ReadUInt16(ref item, "related general SOP classes");
        var related = new SequenceReader<byte>(ItemReader.ReadSlice(ref item, relatedLength, "related general SOP classes"));
        var list = new List<string>();
        while (related.Remaining > 0)
        {
            if (list.Count >= limits.MaxSubItems)
            {
                ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, "too many related general SOP classes");
            }

            list.Add(ItemReader.ReadLengthPrefixedUid(ref related, "related general SOP class"));
        }

        return new SopClassCommonExtendedNegotiation(sopClass, serviceClass, list);
    }

    private static void RequireLength(ushort actual, ushort expected, string what)
    {
        if (actual != expected)
        {
            ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, $"{what} sub-item length must be {expected}, was {actual}");
        }
    }
}
