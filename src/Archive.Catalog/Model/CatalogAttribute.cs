using Archive.Dicom.Model;

namespace Archive.Catalog.Model;

/// <summary>One attribute the catalog keeps or computes, at the level it belongs to.</summary>
/// <param name="Computed">Derived from the instances below (counts, modalities in study), never stored per instance.</param>
public sealed record CatalogAttribute(DicomTag Tag, DicomVR VR, CatalogLevel Level, string Keyword, bool Computed = false);
