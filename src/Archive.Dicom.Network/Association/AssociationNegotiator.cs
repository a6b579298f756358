using Archive.Dicom.Model;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Association;

/// <summary>
/// Answers an A-ASSOCIATE-RQ from an <see cref="AssociationPolicy"/>: a pure function of the request, so it is
/// tested with tables and no I/O. Thread-safe.
/// </summary>
public sealed class AssociationNegotiator
{
    private readonly AssociationPolicy _policy;
    private readonly AssociationOptions _options;
    private readonly Dictionary<string, int> _storageRank;
    private readonly Dictionary<string, int> _serviceRank;

    public AssociationNegotiator(AssociationPolicy policy, AssociationOptions options)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policy = policy with { AeTitle = Pdu.AeTitle.Validate(policy.AeTitle, nameof(policy)) };
        _options = options.Validate();
        _storageRank = Rank(policy.StorageTransferSyntaxes);
        _serviceRank = Rank(policy.ServiceTransferSyntaxes);
    }

    /// <summary>The policy in force.</summary>
    public AssociationPolicy Policy => _policy;

    /// <summary>Accepts with one result per proposed context, or rejects with the reason from PS3.8 §9.3.4.</summary>
    public NegotiationResult Negotiate(AssociateRequest request) => Negotiate(request, CallingPeer.Unknown);

    /// <inheritdoc cref="Negotiate(AssociateRequest)"/>
    /// <param name="request">The A-ASSOCIATE-RQ.</param>
    /// <param name="caller">Who sent it, as far as the transport knows.</param>
    public NegotiationResult Negotiate(AssociateRequest request, CallingPeer caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.ProtocolVersion & 1) == 0)
        {
            return NegotiationResult.Rejected(AssociationFailure.ProtocolVersionNotSupported);
        }

        if (request.ApplicationContextName != AssociateRequest.DicomApplicationContext)
        {
            return NegotiationResult.Rejected(AssociationFailure.ApplicationContextNotSupported);
        }

        if (!AeTitle.IsValid(request.CallingAeTitle) || (_policy.IsCallingAeTitleAllowed is { } allowed && !allowed(request.CallingAeTitle, caller)))
        {
            return NegotiationResult.Rejected(AssociationFailure.CallingAeTitleNotRecognized);
        }

        if (!AeTitle.IsValid(request.CalledAeTitle) || (_policy.RequireCalledAeTitle && request.CalledAeTitle != _policy.AeTitle))
        {
            return NegotiationResult.Rejected(AssociationFailure.CalledAeTitleNotRecognized);
        }

        var results = new List<PresentationContextResult>(request.PresentationContexts.Count);
        var seen = new HashSet<byte>();
        var acceptedSyntaxes = new HashSet<string>();
        var requestorReceives = _policy.AllowRequestorScpRole
            ? request.UserInformation.RoleSelections.Where(r => r.ScpRole).Select(r => r.SopClassUid).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var proposal in request.PresentationContexts)
        {
            var result = Decide(proposal, seen, requestorReceives);
            if (result.IsAccepted)
            {
                acceptedSyntaxes.Add(proposal.AbstractSyntax);
            }

            results.Add(result);
        }

        if (acceptedSyntaxes.Count == 0)
        {
            return NegotiationResult.Rejected(AssociationFailure.RejectedNoReason);
        }

        var roles = new List<RoleSelection>();
        foreach (var role in request.UserInformation.RoleSelections)
        {
            if (acceptedSyntaxes.Contains(role.SopClassUid) && roles.TrueForAll(r => r.SopClassUid != role.SopClassUid))
            {
                bool scp = role.ScpRole && _policy.AllowRequestorScpRole && (IsStorage(role.SopClassUid) || role.SopClassUid == Dimse.ServiceUids.StorageCommitmentPushModel);
                roles.Add(new RoleSelection(role.SopClassUid, role.ScuRole, scp));
            }
        }

        var requested = request.UserInformation;
        var user = new UserInformation(
            _options.MaxReceivePduLength,
            DicomImplementation.ClassUid,
            DicomImplementation.VersionName,
            requested.AsyncOperations is null ? null : new AsyncOperationsWindow(1, 1),
            roles,
            UserIdentityResponse: requested.UserIdentity is { PositiveResponseRequested: true } ? new UserIdentityResponse(ReadOnlyMemory<byte>.Empty) : null,
            ExtendedNegotiations: AnswerExtendedNegotiation(requested.ExtendedNegotiations, acceptedSyntaxes));
        return NegotiationResult.Accepted(new AssociateAccept(request.CalledAeTitle, request.CallingAeTitle, results, user));
    }

    /// <summary>
    /// One answer per accepted SOP class whose extended negotiation the policy offers: each byte the requestor set is kept
    /// where we support it (PS3.4 C.5.1.1: an SCP never answers 1 for what was not asked), up to the shorter length.
    /// </summary>
    private List<SopClassExtendedNegotiation> AnswerExtendedNegotiation(IReadOnlyList<SopClassExtendedNegotiation> requested, HashSet<string> accepted)
    {
        var answers = new List<SopClassExtendedNegotiation>();
        foreach (var item in requested)
        {
            if (!accepted.Contains(item.SopClassUid) || !_policy.ExtendedNegotiation.TryGetValue(item.SopClassUid, out var offered)
                || answers.Exists(a => a.SopClassUid == item.SopClassUid))
            {
                continue;
            }

            var asked = item.ApplicationInformation.Span;
            var answer = new byte[Math.Min(asked.Length, offered.Length)];
            for (var i = 0; i < answer.Length; i++)
            {
                answer[i] = (byte)(asked[i] == 1 && offered[i] == 1 ? 1 : 0);
            }

            answers.Add(new SopClassExtendedNegotiation(item.SopClassUid, answer));
        }

        return answers;
    }

    private PresentationContextResult Decide(PresentationContextProposal proposal, HashSet<byte> seen, HashSet<string> requestorReceives)
    {
        string fallbackTs = proposal.TransferSyntaxes.Count > 0 ? proposal.TransferSyntaxes[0] : string.Empty;
        if ((proposal.Id & 1) == 0 || !seen.Add(proposal.Id))
        {
            return new PresentationContextResult(proposal.Id, PresentationContextOutcome.ProviderRejectionNoReason, fallbackTs);
        }

        bool storage = IsStorage(proposal.AbstractSyntax);
        if (!storage && !_policy.ServiceSopClasses.Contains(proposal.AbstractSyntax))
        {
            return new PresentationContextResult(proposal.Id, PresentationContextOutcome.AbstractSyntaxNotSupported, fallbackTs);
        }

        string? chosen = !storage ? Choose(proposal.TransferSyntaxes, _serviceRank, acceptUnlisted: false)
            : requestorReceives.Contains(proposal.AbstractSyntax) ? ChooseForSending(proposal.TransferSyntaxes) ?? ChooseStorage(proposal.TransferSyntaxes)
            : ChooseStorage(proposal.TransferSyntaxes);
        return chosen is null
            ? new PresentationContextResult(proposal.Id, PresentationContextOutcome.TransferSyntaxesNotSupported, fallbackTs)
            : new PresentationContextResult(proposal.Id, PresentationContextOutcome.Acceptance, chosen);
    }

    private bool IsStorage(string sopClass) =>
        (_policy.AcceptAllStorage && _policy.IsStorageSopClass(sopClass)) || _policy.PrivateStorageSopClasses.Contains(sopClass);

    /// <summary>
    /// For a storage context on which the requestor takes the SCP role (it receives: C-GET sub-operations), the first
    /// proposed little-endian uncompressed syntax: any uncompressed dataset can be sent in it (transcoded if need be),
    /// whereas a compressed or big-endian first choice would fail every uncompressed instance. Null when none is proposed.
    /// </summary>
    private string? ChooseForSending(IReadOnlyList<string> proposed) =>
        proposed.FirstOrDefault(ts => DicomTransferSyntax.TryLookup(ts, out var syntax) && syntax.IsUncompressed && !syntax.IsBigEndian
            && Choose([ts], _storageRank, _policy.AcceptAnyKnownStorageTransferSyntax) is not null);

    private string? ChooseStorage(IReadOnlyList<string> proposed)
    {
        if (!_policy.PreferRequestorStorageOrder)
        {
            return Choose(proposed, _storageRank, _policy.AcceptAnyKnownStorageTransferSyntax);
        }

        foreach (string ts in proposed)
        {
            if (Choose([ts], _storageRank, _policy.AcceptAnyKnownStorageTransferSyntax) is { } acceptable)
            {
                return acceptable;
            }
        }

        return null;
    }

    private static string? Choose(IReadOnlyList<string> proposed, Dictionary<string, int> rank, bool acceptUnlisted)
    {
        string? best = null;
        int bestRank = int.MaxValue;
        for (int i = 0; i < proposed.Count; i++)
        {
            string ts = proposed[i];
            int r;
            if (rank.TryGetValue(ts, out int listed))
            {
                r = listed;
            }
            else if (acceptUnlisted && DicomTransferSyntax.TryLookup(ts, out var known) && known.IsKnown)
            {
                r = 1000 + i;
            }
            else
            {
                continue;
            }

            if (r < bestRank)
            {
                best = ts;
                bestRank = r;
            }
        }

        return best;
    }

    private static Dictionary<string, int> Rank(IReadOnlyList<string> preference)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < preference.Count; i++)
        {
            rank.TryAdd(preference[i], i);
        }

        return rank;
    }
}
