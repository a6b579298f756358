using Archive.Catalog.Index;
using Archive.Catalog.Query;
using Archive.Dicom.IO;
using Archive.Dicom.Model;
using Grpc.Core;
using Wire = Archive.Contracts.V1;

namespace Archive.Node.Catalog;

/// <summary>Answers a peer's catalog query from this node's catalog index (the partitions it replicates).</summary>
public sealed class CatalogServiceEndpoint(ICatalogIndex index) : Wire.CatalogService.CatalogServiceBase
{
    public const int MaxLimit = 1_000_000;

    public override async Task Query(Wire.CatalogQueryRequest request, IServerStreamWriter<Wire.CatalogRow> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Limit is <= 0 or > MaxLimit || request.Model is not (1 or 2))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "limit or model out of range"));
        }

        DicomDataset identifier;
        try
        {
            identifier = DicomDatasetBytes.Decode(request.Identifier.Memory, DicomTransferSyntax.ExplicitVRLittleEndian);
        }
        catch (DicomParseException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "identifier: " + e.Message));
        }

        if (!CatalogQuery.TryParse(identifier, (QueryModel)request.Model, out var query, out _, out var detail))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, detail));
        }

        var sent = 0;
        await foreach (var row in index.QueryAsync(query!, new QueryScope(request.Site, request.AllSites), context.CancellationToken))
        {
            await responseStream.WriteAsync(CatalogRowWire.ToWire(row), context.CancellationToken);
            if (++sent >= request.Limit)
            {
                break;
            }
        }
    }
}
