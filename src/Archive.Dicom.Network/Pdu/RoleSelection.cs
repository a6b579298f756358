namespace Archive.Dicom.Network.Pdu;

/// <summary>SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4): which roles the requestor proposes, or the acceptor grants, for one SOP class.</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
