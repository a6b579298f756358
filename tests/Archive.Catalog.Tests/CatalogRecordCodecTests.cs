using Archive.Catalog.Model;
using Archive.Dicom.Model;

namespace Archive.Catalog.Tests;

public sealed class CatalogRecordCodecTests
{
    [Fact]
    public void Encode_ThenDecode_KeepsEveryValue()
    {
        var record = CatalogFixtures.Region[5].Record;
        var decoded = CatalogRecordCodec.Decode(CatalogRecordCodec.Encode(record));
        Assert.Equal(record.Site, decoded.Site);
        Assert.Equal(record.Values.OrderBy(v => v.Key), decoded.Values.OrderBy(v => v.Key));
        Assert.Equal("MR-PROC", decoded.Sequences[new DicomTag(0x0008, 0x1032)][0][new DicomTag(0x0008, 0x0100)]);
    }

    [Fact]
    public void Encode_Golden_IsFrozen()
    {
        var record = new CatalogRecord("chu-a", "1.2.840.10008.1.2", 42, new Dictionary<DicomTag, string> { [CatalogSchema.PatientName] = "Ré^Zoé" }, new Dictionary<DicomTag, IReadOnlyList<IReadOnlyDictionary<DicomTag, string>>>());
        Assert.Equal(
            """{"v":1,"site":"chu-a","ts":"1.2.840.10008.1.2","len":42,"a":{"00100010":"R\u00E9^Zo\u00E9"},"sq":{}}""",
            System.Text.Encoding.UTF8.GetString(CatalogRecordCodec.Encode(record)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"v":2,"site":"a","ts":"1","len":1,"a":{},"sq":{}}""")]
    [InlineData("""{"v":1,"site":"a","ts":"1","len":1,"a":{"zz":"x"},"sq":{}}""")]
    public void Decode_Malformed_ThrowsTyped(string json)
    {
        Assert.Throws<CatalogFormatException>(() => CatalogRecordCodec.Decode(System.Text.Encoding.UTF8.GetBytes(json)));
    }
}
