using System.Globalization;
using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Archive.Dicom.Model;
using Grpc.Core;
using Wire = Archive.Contracts.V1;

namespace Archive.Node.Admin;

/// <summary>The admin lookups as catalog queries (Study Root identifiers) and their rows as wire views. Pure.</summary>
internal static class AdminLookupQueries
{
    private static readonly DicomTag StudyDescription = new(0x0008, 0x1030);

    private static readonly (DicomTag Tag, DicomVR VR)[] StudyReturnKeys =
    [
        (CatalogSchema.StudyInstanceUid, DicomVR.UI), (CatalogSchema.PatientId, DicomVR.LO), (CatalogSchema.IssuerOfPatientId, DicomVR.LO),
        (CatalogSchema.PatientName, DicomVR.PN), (CatalogSchema.StudyDate, DicomVR.DA), (CatalogSchema.AccessionNumber, DicomVR.SH),
        (CatalogSchema.ModalitiesInStudy, DicomVR.CS), (StudyDescription, DicomVR.LO),
        (CatalogSchema.NumberOfStudyRelatedSeries, DicomVR.IS), (CatalogSchema.NumberOfStudyRelatedInstances, DicomVR.IS),
    ];

    public static CatalogQuery Studies(Wire.FindStudiesRequest request)
    {
        var identifier = Identifier("STUDY");
        foreach (var (tag, vr) in StudyReturnKeys)
        {
            identifier.AddOrReplaceText(tag, vr, string.Empty);
        }

        Match(identifier, CatalogSchema.PatientId, DicomVR.LO, request.PatientId);
        Match(identifier, CatalogSchema.IssuerOfPatientId, DicomVR.LO, request.IssuerOfPatientId);
        Match(identifier, CatalogSchema.PatientName, DicomVR.PN, request.PatientName);
        Match(identifier, CatalogSchema.StudyDate, DicomVR.DA, request.StudyDate);
        Match(identifier, CatalogSchema.AccessionNumber, DicomVR.SH, request.AccessionNumber);
        Match(identifier, CatalogSchema.ModalitiesInStudy, DicomVR.CS, request.Modality);
        Match(identifier, CatalogSchema.StudyInstanceUid, DicomVR.UI, request.StudyInstanceUid);
        return Parse(identifier);
    }

    /// <summary>IMAGE-level rows whose <paramref name="key"/> (Study or SOP Instance UID) equals <paramref name="uid"/>.</summary>
    public static CatalogQuery Instances(DicomTag key, string uid)
    {
        var identifier = Identifier("IMAGE");
        identifier.AddOrReplaceText(CatalogSchema.StudyInstanceUid, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(CatalogSchema.SeriesInstanceUid, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(CatalogSchema.SopInstanceUid, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(CatalogSchema.SopClassUid, DicomVR.UI, string.Empty);
        identifier.AddOrReplaceText(CatalogSchema.Modality, DicomVR.CS, string.Empty);
        identifier.AddOrReplaceText(key, DicomVR.UI, uid);
        return Parse(identifier);
    }

    public static Wire.StudyView Study(CatalogRow row, CatalogQuery query) => new()
    {
        StudyInstanceUid = row.Get(CatalogSchema.StudyInstanceUid) ?? string.Empty,
        PatientId = row.Get(CatalogSchema.PatientId) ?? string.Empty,
        IssuerOfPatientId = row.Get(CatalogSchema.IssuerOfPatientId) ?? string.Empty,
        PatientName = row.Get(CatalogSchema.PatientName) ?? string.Empty,
        StudyDate = row.Get(CatalogSchema.StudyDate) ?? string.Empty,
        AccessionNumber = row.Get(CatalogSchema.AccessionNumber) ?? string.Empty,
        Modalities = row.Get(CatalogSchema.ModalitiesInStudy) ?? string.Empty,
        StudyDescription = row.Get(StudyDescription) ?? string.Empty,
        Series = Count(row.Get(CatalogSchema.NumberOfStudyRelatedSeries)),
        Instances = Count(row.Get(CatalogSchema.NumberOfStudyRelatedInstances)),
        Site = query.Level == CatalogLevel.Study ? row.Site : string.Empty,
    };

    public static Wire.ObjectView Instance(CatalogRow row) => new()
    {
        StudyInstanceUid = row.Get(CatalogSchema.StudyInstanceUid) ?? string.Empty,
        SeriesInstanceUid = row.Get(CatalogSchema.SeriesInstanceUid) ?? string.Empty,
        SopInstanceUid = row.Get(CatalogSchema.SopInstanceUid) ?? string.Empty,
        SopClassUid = row.Get(CatalogSchema.SopClassUid) ?? string.Empty,
        TransferSyntaxUid = row.TransferSyntaxUid ?? string.Empty,
        Modality = row.Get(CatalogSchema.Modality) ?? string.Empty,
    };

    private static DicomDataset Identifier(string level)
    {
        var identifier = new DicomDataset();
        identifier.AddOrReplaceText(CatalogSchema.QueryRetrieveLevel, DicomVR.CS, level);
        return identifier;
    }

    private static void Match(DicomDataset identifier, DicomTag tag, DicomVR vr, string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            identifier.AddOrReplaceText(tag, vr, value.Trim());
        }
    }

    private static CatalogQuery Parse(DicomDataset identifier) =>
        CatalogQuery.TryParse(identifier, QueryModel.StudyRoot, out var query, out _, out var detail)
            ? query!
            : throw new RpcException(new Status(StatusCode.InvalidArgument, detail));

    private static int Count(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
