namespace Archive.Dicom.Network.Dimse;

/// <summary>The non-storage SOP classes and well-known instances the network layer serves (PS3.4, PS3.6 Annex A).</summary>
public static class ServiceUids
{
    public const string Verification = "1.2.840.10008.1.1";
    public const string PatientRootFind = "1.2.840.10008.5.1.4.1.2.1.1";
    public const string PatientRootMove = "1.2.840.10008.5.1.4.1.2.1.2";
    public const string PatientRootGet = "1.2.840.10008.5.1.4.1.2.1.3";
    public const string StudyRootFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public const string StudyRootMove = "1.2.840.10008.5.1.4.1.2.2.2";
    public const string StudyRootGet = "1.2.840.10008.5.1.4.1.2.2.3";
    public const string PatientStudyOnlyFind = "1.2.840.10008.5.1.4.1.2.3.1";
    public const string PatientStudyOnlyMove = "1.2.840.10008.5.1.4.1.2.3.2";
    public const string PatientStudyOnlyGet = "1.2.840.10008.5.1.4.1.2.3.3";
    public const string StorageCommitmentPushModel = "1.2.840.10008.1.20.1";
    public const string StorageCommitmentPushModelInstance = "1.2.840.10008.1.20.1.1";

    public static readonly IReadOnlyList<string> FindModels = [PatientRootFind, StudyRootFind, PatientStudyOnlyFind];
    public static readonly IReadOnlyList<string> MoveModels = [PatientRootMove, StudyRootMove, PatientStudyOnlyMove];
    public static readonly IReadOnlyList<string> GetModels = [PatientRootGet, StudyRootGet, PatientStudyOnlyGet];
}
