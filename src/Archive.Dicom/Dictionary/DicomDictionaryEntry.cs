using Archive.Dicom.Model;

namespace Archive.Dicom.Dictionary;

/// <summary>
/// What the data dictionary (PS3.6 §6) says about one data element. Immutable.
/// </summary>
/// <param name="Tag">
/// The tag looked up. For repeating groups (50xx, 60xx, 7Fxx, (0020,31xx)) it is the tag asked
/// for, not the first of the range; <see cref="DicomDictionary.Entries"/> lists the range's first tag.
/// </param>
/// <param name="VR">
/// The VR to use when the encoding does not say (Implicit VR): the single VR, or for elements
/// with several ("US or SS", "OB or OW") the one PS3.5 Annex A prescribes for Implicit VR Little
/// Endian (OW for pixel, overlay, waveform and LUT data; US for "US or SS"). <see cref="DicomVR.None"/>
/// for items and delimiters.
/// </param>
/// <param name="AllowedVRs">Every VR PS3.6 allows, in its order; empty for items and delimiters.</param>
/// <param name="ValueMultiplicity">VM as PS3.6 writes it: "1", "1-n", "2-2n", "3".</param>
/// <param name="Keyword">PS3.6 keyword ("PatientName"); "PrivateCreator" and "GroupLength"/"PrivateGroupLength" for the rule-based entries.</param>
/// <param name="IsRetired">Retired by the standard (still read and written as found).</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    DicomVR VR,
    IReadOnlyList<DicomVR> AllowedVRs,
    string ValueMultiplicity,
    string Keyword,
    bool IsRetired)
{
    /// <summary>True when PS3.6 allows more than one VR, so an explicit VR from the file decides.</summary>
    public bool HasMultipleVRs => AllowedVRs.Count > 1;
}
