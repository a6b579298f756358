namespace Archive.Dicom.Network.Scp;

/// <summary>A fixed table of peers (configuration, tests). Immutable.</summary>
public sealed class DictionaryPeerResolver(IEnumerable<DicomPeer> peers) : IDicomPeerResolver
{
    private readonly Dictionary<string, DicomPeer> _peers = peers.ToDictionary(p => p.AeTitle, StringComparer.Ordinal);

    public DicomPeer? Resolve(string aeTitle) => _peers.GetValueOrDefault(aeTitle.Trim());
}
