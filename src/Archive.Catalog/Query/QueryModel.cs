namespace Archive.Catalog.Query;

/// <summary>The information model a C-FIND/C-MOVE/C-GET names by its SOP class (PS3.4 C.6).</summary>
public enum QueryModel
{
    PatientRoot = 1,
    StudyRoot = 2,
}
