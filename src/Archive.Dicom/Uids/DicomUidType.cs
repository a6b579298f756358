namespace Archive.Dicom.Uids;

/// <summary>The kinds of registered UID in PS3.6 Annex A. Values are explicit and stable.</summary>
public enum DicomUidType
{
    /// <summary>Not classified.</summary>
    Other = 0,

    /// <summary>Transfer Syntax (Table A-1).</summary>
    TransferSyntax = 1,

    /// <summary>SOP Class (storage, query/retrieve, print, worklist…).</summary>
    SopClass = 2,

    /// <summary>Meta SOP Class.</summary>
    MetaSopClass = 3,

    /// <summary>Well-known SOP Instance (e.g. Storage Commitment Push Model SOP Instance, color palettes).</summary>
    WellKnownSopInstance = 4,

    /// <summary>Well-known frame of reference (atlases, IEC 61217 coordinate systems).</summary>
    WellKnownFrameOfReference = 5,

    /// <summary>Synchronization frame of reference (UTC).</summary>
    SynchronizationFrameOfReference = 6,

    /// <summary>Application Context Name.</summary>
    ApplicationContextName = 7,

    /// <summary>Service Class.</summary>
    ServiceClass = 8,

    /// <summary>Coding Scheme.</summary>
    CodingScheme = 9,

    /// <summary>Mapping Resource.</summary>
    MappingResource = 10,

    /// <summary>LDAP OID of the configuration management schema.</summary>
    LdapOid = 11,

    /// <summary>Application Hosting Model.</summary>
    ApplicationHostingModel = 12,
}
