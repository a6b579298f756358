using Archive.Dicom.Model;
using Archive.Dicom.Network.Pdu;

namespace Archive.Dicom.Network.Scu;

/// <summary>Builds the presentation contexts of an A-ASSOCIATE-RQ with odd ids 1, 3, 5… (at most 128). Not thread-safe.</summary>
public sealed class PresentationContextList
{
    /// <summary>Explicit then implicit VR little endian: what every peer accepts.</summary>
    public static readonly IReadOnlyList<string> Uncompressed =
        [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    private readonly List<PresentationContextProposal> _contexts = [];
    private readonly List<RoleSelection> _roles = [];

    public IReadOnlyList<PresentationContextProposal> Contexts => _contexts;

    public IReadOnlyList<RoleSelection> RoleSelections => _roles;

    /// <summary>Proposes <paramref name="abstractSyntax"/> with <paramref name="transferSyntaxes"/> (default: uncompressed) unless that exact pair is already there.</summary>
    public PresentationContextList Add(string abstractSyntax, params IReadOnlyList<string> transferSyntaxes)
    {
        var ts = transferSyntaxes.Count == 0 ? Uncompressed : transferSyntaxes;
        if (_contexts.Exists(c => c.AbstractSyntax == abstractSyntax && c.TransferSyntaxes.SequenceEqual(ts)))
        {
            return this;
        }

        if (_contexts.Count >= 128)
        {
            throw new InvalidOperationException("an association carries at most 128 presentation contexts");
        }

        _contexts.Add(new PresentationContextProposal((byte)((_contexts.Count * 2) + 1), abstractSyntax, ts.ToArray()));
        return this;
    }

    /// <summary>
    /// Proposes a storage SOP class for objects held in <paramref name="storedTransferSyntax"/>: that syntax alone, in
    /// its own context, because the bytes are sent exactly as stored (the acceptor must not pick another syntax).
    /// </summary>
    public PresentationContextList AddStorage(string sopClass, string storedTransferSyntax) => Add(sopClass, storedTransferSyntax);

    /// <summary>Adds a role selection item (e.g. SCP role for storage classes of a C-GET).</summary>
    public PresentationContextList AddRole(string sopClass, bool scu, bool scp)
    {
        _roles.Add(new RoleSelection(sopClass, scu, scp));
        return this;
    }
}
