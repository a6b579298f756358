namespace Archive.Dicom.Network.Scp;

/// <summary>Looks up where an AE title lives (C-MOVE destinations, storage commitment requestors). Thread-safe.</summary>
public interface IDicomPeerResolver
{
    /// <summary>The peer for <paramref name="aeTitle"/>, or null when it is not configured.</summary>
    DicomPeer? Resolve(string aeTitle);
}
