namespace Archive.Catalog.Model;

/// <summary>The Query/Retrieve levels of PS3.4 C.3, outermost first.</summary>
public enum CatalogLevel
{
    Patient = 1,
    Study = 2,
    Series = 3,
    Image = 4,
}

/// <summary>The (0008,0052) Query/Retrieve Level terms.</summary>
public static class CatalogLevels
{
    public static bool TryParse(string? text, out CatalogLevel level)
    {
        level = text?.Trim().ToUpperInvariant() switch
        {
            "PATIENT" => CatalogLevel.Patient,
            "STUDY" => CatalogLevel.Study,
            "SERIES" => CatalogLevel.Series,
            "IMAGE" => CatalogLevel.Image,
            _ => 0,
        };
        return level != 0;
    }

    public static string Term(CatalogLevel level) => level switch
    {
        CatalogLevel.Patient => "PATIENT",
        CatalogLevel.Study => "STUDY",
        CatalogLevel.Series => "SERIES",
        _ => "IMAGE",
    };
}
