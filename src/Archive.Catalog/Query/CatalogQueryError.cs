namespace Archive.Catalog.Query;

/// <summary>Why an identifier cannot be used as a query; the host maps each to a DIMSE status.</summary>
public enum CatalogQueryError
{
    /// <summary>No or an unknown Query/Retrieve Level (0xA900 identifier does not match SOP class).</summary>
    BadLevel = 1,

    /// <summary>PATIENT level asked of the Study Root model (0xA900).</summary>
    LevelNotInModel = 2,

    /// <summary>A key value cannot be parsed (a malformed range) (0xC000 unable to process).</summary>
    BadKeyValue = 3,
}
