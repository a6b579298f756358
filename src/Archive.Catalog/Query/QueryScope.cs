namespace Archive.Catalog.Query;

/// <summary>Who asks: results are limited to the caller's site unless it may see every site.</summary>
public sealed record QueryScope(string Site, bool AllSites)
{
    public bool Allows(string recordSite) => AllSites || string.Equals(Site, recordSite, StringComparison.Ordinal);
}
