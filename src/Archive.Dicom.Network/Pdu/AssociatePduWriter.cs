namespace Archive.Dicom.Network.Pdu;

/// <summary>Writes A-ASSOCIATE-RQ/AC bodies (everything after the PDU header) into a <see cref="PduBuilder"/>.</summary>
internal static class AssociatePduWriter
{
    public static void WriteRequest(PduBuilder b, AssociateRequest rq)
    {
        WriteFixed(b, rq.ProtocolVersion, rq.CalledAeTitle, rq.CallingAeTitle);
        b.WriteTextItem(ItemType.ApplicationContext, rq.ApplicationContextName);
        foreach (var pc in rq.PresentationContexts)
        {
            int at = b.BeginItem(ItemType.PresentationContextRequest);
            b.WriteByte(pc.Id);
            b.WriteZeros(3);
            b.WriteTextItem(ItemType.AbstractSyntax, pc.AbstractSyntax);
            foreach (string ts in pc.TransferSyntaxes)
            {
                b.WriteTextItem(ItemType.TransferSyntax, ts);
            }

            b.EndLength16(at);
        }

        WriteUserInformation(b, rq.UserInformation);
    }

    public static void WriteAccept(PduBuilder b, AssociateAccept ac)
    {
        WriteFixed(b, ac.ProtocolVersion, ac.CalledAeTitle, ac.CallingAeTitle);
        b.WriteTextItem(ItemType.ApplicationContext, ac.ApplicationContextName);
        foreach (var pc in ac.PresentationContexts)
        {
            int at = b.BeginItem(ItemType.PresentationContextAccept);
            b.WriteByte(pc.Id);
            b.WriteByte(0);
            b.WriteByte((byte)pc.Outcome);
            b.WriteByte(0);
            b.WriteTextItem(ItemType.TransferSyntax, pc.TransferSyntax);
            b.EndLength16(at);
        }

        WriteUserInformation(b, ac.UserInformation);
    }

    private static void WriteFixed(PduBuilder b, ushort version, string called, string calling)
    {
        b.WriteUInt16(version);
        b.WriteZeros(2);
        Span<byte> ae = stackalloc byte[AeTitle.Length];
        AeTitle.Encode(called, ae);
        b.WriteBytes(ae);
        AeTitle.Encode(calling, ae);
        b.WriteBytes(ae);
        b.WriteZeros(32);
    }

    private static void WriteUserInformation(PduBuilder b, UserInformation user)
    {
        int at = b.BeginItem(ItemType.UserInformation);
        int max = b.BeginItem(ItemType.MaximumLength);
        b.WriteUInt32(user.MaxPduLength);
        b.EndLength16(max);
        if (user.ImplementationClassUid is { } uid)
        {
            b.WriteTextItem(ItemType.ImplementationClassUid, uid);
        }

        if (user.AsyncOperations is { } window)
        {
            int w = b.BeginItem(ItemType.AsynchronousOperationsWindow);
            b.WriteUInt16(window.MaxOperationsInvoked);
            b.WriteUInt16(window.MaxOperationsPerformed);
            b.EndLength16(w);
        }

        foreach (var role in user.RoleSelections)
        {
            int r = b.BeginItem(ItemType.RoleSelection);
            WriteLengthPrefixed(b, role.SopClassUid);
            b.WriteByte(role.ScuRole ? (byte)1 : (byte)0);
            b.WriteByte(role.ScpRole ? (byte)1 : (byte)0);
            b.EndLength16(r);
        }

        if (user.ImplementationVersionName is { } name)
        {
            b.WriteTextItem(ItemType.ImplementationVersionName, name);
        }

        foreach (var ext in user.ExtendedNegotiations)
        {
            int e = b.BeginItem(ItemType.SopClassExtendedNegotiation);
            WriteLengthPrefixed(b, ext.SopClassUid);
            b.WriteBytes(ext.ApplicationInformation.Span);
            b.EndLength16(e);
        }

        foreach (var common in user.CommonExtendedNegotiations)
        {
            int c = b.BeginItem(ItemType.SopClassCommonExtendedNegotiation);
            WriteLengthPrefixed(b, common.SopClassUid);
            WriteLengthPrefixed(b, common.ServiceClassUid);
            int related = b.BeginLength16();
            foreach (string uid2 in common.RelatedGeneralSopClasses)
            {
                WriteLengthPrefixed(b, uid2);
            }

            b.EndLength16(related);
            b.EndLength16(c);
        }

        if (user.UserIdentity is { } identity)
        {
            int i = b.BeginItem(ItemType.UserIdentityRequest);
            b.WriteByte((byte)identity.Type);
            b.WriteByte(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
            b.WriteUInt16(checked((ushort)identity.PrimaryField.Length));
            b.WriteBytes(identity.PrimaryField.Span);
            b.WriteUInt16(checked((ushort)identity.SecondaryField.Length));
            b.WriteBytes(identity.SecondaryField.Span);
            b.EndLength16(i);
        }

        if (user.UserIdentityResponse is { } response)
        {
            int i = b.BeginItem(ItemType.UserIdentityResponse);
            b.WriteUInt16(checked((ushort)response.ServerResponse.Length));
            b.WriteBytes(response.ServerResponse.Span);
            b.EndLength16(i);
        }

        b.EndLength16(at);
    }

    private static void WriteLengthPrefixed(PduBuilder b, string uid)
    {
        b.WriteUInt16(checked((ushort)uid.Length));
        b.WriteAscii(uid);
    }
}
