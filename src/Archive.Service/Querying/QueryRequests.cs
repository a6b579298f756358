using Archive.Catalog.Query;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Archive.Dicom.Network.Dimse;
using Archive.Dicom.Network.Scp;

namespace Archive.Service.Querying;

/// <summary>
/// Turns a C-FIND/C-MOVE/C-GET request into a <see cref="CatalogQuery"/>, or the DIMSE failure
/// that answers it (one table, STYLE.md §4). Shared by the find and retrieve handlers.
/// </summary>
public static class QueryRequests
{
    public static CatalogQuery Parse(QueryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = ModelOf(request.SopClassUid)
            ?? throw new DimseStatusException(new DimseResult(DimseStatus.SopClassNotSupported, "query model not supported"));
        DicomDataset identifier;
        try
        {
            identifier = DicomDatasetBytes.Decode(request.Identifier, DicomTransferSyntax.Lookup(request.TransferSyntaxUid));
        }
        catch (DicomParseException)
        {
            throw new DimseStatusException(new DimseResult(DimseStatus.CannotUnderstand, "identifier cannot be parsed"));
        }

        if (!CatalogQuery.TryParse(identifier, model, out var query, out var error, out var detail))
        {
            var status = error == CatalogQueryError.BadKeyValue ? DimseStatus.CannotUnderstand : DimseStatus.DataSetDoesNotMatchSopClass;
            throw new DimseStatusException(new DimseResult(status, detail));
        }

        return query!;
    }

    /// <summary>The information model of a Q/R SOP class (find, move or get), or null.</summary>
    public static QueryModel? ModelOf(string sopClassUid) => sopClassUid switch
    {
        ServiceUids.PatientRootFind or ServiceUids.PatientRootMove or ServiceUids.PatientRootGet => QueryModel.PatientRoot,
        ServiceUids.StudyRootFind or ServiceUids.StudyRootMove or ServiceUids.StudyRootGet => QueryModel.StudyRoot,
        _ => null,
    };
}
