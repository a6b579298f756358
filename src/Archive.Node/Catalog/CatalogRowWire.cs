using Archive.Catalog.Model;
using Archive.Catalog.Query;
using Google.Protobuf;
using Wire = Archive.Contracts.V1;

namespace Archive.Node.Catalog;

/// <summary>Catalog rows to and from the wire (one mapping in each direction, at the edge).</summary>
internal static class CatalogRowWire
{
    public static Wire.CatalogRow ToWire(CatalogRow row) => new()
    {
        Level = (int)row.Level,
        Record = ByteString.CopyFrom(CatalogRecordCodec.Encode(new CatalogRecord(row.Site, row.TransferSyntaxUid ?? string.Empty, 0, row.Values, row.Sequences))),
        TransferSyntaxUid = row.TransferSyntaxUid ?? string.Empty,
        Version = row.Version ?? string.Empty,
        StoredAtUnixMs = row.StoredAt?.ToUnixTimeMilliseconds() ?? 0,
    };

    public static CatalogRow FromWire(Wire.CatalogRow row)
    {
        var record = CatalogRecordCodec.Decode(row.Record.Span);
        return new CatalogRow((CatalogLevel)row.Level, record.Site, record.Values, record.Sequences)
        {
            TransferSyntaxUid = row.TransferSyntaxUid.Length > 0 ? row.TransferSyntaxUid : null,
            Version = row.Version.Length > 0 ? row.Version : null,
            StoredAt = row.StoredAtUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(row.StoredAtUnixMs) : null,
        };
    }
}
