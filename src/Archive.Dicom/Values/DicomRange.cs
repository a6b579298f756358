namespace Archive.Dicom.Values;

/// <summary>
/// A query range (PS3.4 C.2.2.2.5): "A-B", "A-" (from A), "-B" (up to B), or a single value
/// "A" (both bounds equal, <see cref="IsRange"/> false). Immutable.
/// </summary>
public readonly record struct DicomRange<T>(T? Lower, T? Upper, bool IsRange)
    where T : struct;
