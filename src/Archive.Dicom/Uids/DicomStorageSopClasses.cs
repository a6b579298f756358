using System.Collections.Frozen;

namespace Archive.Dicom.Uids;

/// <summary>
/// Which SOP classes are Storage SOP Classes (PS3.4 Annex B and its DICOS/DICONDE
/// counterparts), for a Storage SCP that must accept "every storage SOP class". Thread-safe.
/// </summary>
public static class DicomStorageSopClasses
{
    /// <summary>The storage branch of the UID tree; every standard Storage SOP Class added since PS3.6 2022b lives under it too.</summary>
    public const string StorageUidPrefix = "1.2.840.10008.5.1.4.1.1.";

    private static readonly FrozenSet<string> Registered =
        DicomUidRegistry.All.Where(e => e.IsStorage).Select(e => e.Uid).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every registered Storage SOP Class UID, retired ones included.</summary>
    public static IReadOnlyCollection<string> All => Registered;

    /// <summary>
    /// True for a registered Storage SOP Class, and for an unregistered UID under
    /// <see cref="StorageUidPrefix"/> (newer than our registry) unless the registry knows it as
    /// something else (e.g. the Protocol Approval query models that live in that branch).
    /// Trailing NUL/space padding is ignored. Private storage classes are not recognised:
    /// configure them per calling AE.
    /// </summary>
    public static bool IsStorage(string? uid)
    {
        if (uid is null)
        {
            return false;
        }

        uid = uid.TrimEnd('\0', ' ');
        if (Registered.Contains(uid))
        {
            return true;
        }

        return uid.StartsWith(StorageUidPrefix, StringComparison.Ordinal)
            && uid.Length > StorageUidPrefix.Length
            && !DicomUidRegistry.TryGet(uid, out _);
    }
}
