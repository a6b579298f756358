using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>What was agreed for one association. Immutable; safe to share with handlers.</summary>
public sealed record AssociationInfo(AssociateRequest Request, AssociateAccept Accept, IReadOnlyDictionary<byte, PresentationContext> Contexts)
{
    /// <summary>The requestor's AE title.</summary>
    public string CallingAeTitle => Request.CallingAeTitle;

    /// <summary>The acceptor's AE title as the requestor called it.</summary>
    public string CalledAeTitle => Request.CalledAeTitle;

    /// <summary>Remote address for logs, when the transport has one.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>The first accepted context for <paramref name="abstractSyntax"/>, preferring <paramref name="transferSyntax"/>; null when none.</summary>
    public PresentationContext? FindContext(string abstractSyntax, string? transferSyntax = null)
    {
        PresentationContext? first = null;
        foreach (var pc in Contexts.Values)
        {
            if (pc.AbstractSyntax != abstractSyntax)
            {
                continue;
            }

            if (transferSyntax is null || pc.TransferSyntax == transferSyntax)
            {
                return pc;
            }

            first ??= pc;
        }

        return first;
    }

    /// <summary>Builds the accepted-context map from a request and its accept.</summary>
    public static AssociationInfo From(AssociateRequest request, AssociateAccept accept)
    {
        var proposals = request.PresentationContexts.ToDictionary(p => p.Id);
        var contexts = new Dictionary<byte, PresentationContext>();
        foreach (var result in accept.PresentationContexts)
        {
            if (!result.IsAccepted || !proposals.TryGetValue(result.Id, out var proposal))
            {
                continue;
            }

            var role = accept.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == proposal.AbstractSyntax);
            contexts[result.Id] = new PresentationContext(result.Id, proposal.AbstractSyntax, result.TransferSyntax, role?.ScuRole ?? true, role?.ScpRole ?? false);
        }

        return new AssociationInfo(request, accept, contexts);
    }
}
