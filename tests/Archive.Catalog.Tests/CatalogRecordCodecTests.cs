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
    [InlineData("""{"v":1,"site":"a","ts":"1","len":1,"a":{}}""")]
    [InlineData("""{"v":1,"site":"a","ts":"1","len":1,"a":{},"sq":{}} {}""")]
    [InlineData("""{"v":1,"site":"a","ts":"1","len":1,"a":[],"sq":{}}""")]
    [InlineData("""{"v":1,"site":"a","ts":"1","len":1,"a":{"00100010":7},"sq":{}}""")]
    [InlineData("""{"v":1,"site":"a","ts":"1","len":1,"a":{},"sq":{"00081032":{"00080100":"x"}}}""")]
    [InlineData("""{"v":1,"site":"a","ts":"1","len":"1","a":{},"sq":{}}""")]
    [InlineData("""{"v":1,"site":"a","ts":"1","len":1,"a":{"00100010":"x""")]
    public void Decode_Malformed_ThrowsTyped(string json)
    {
        Assert.Throws<CatalogFormatException>(() => CatalogRecordCodec.Decode(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Decode_MembersInAnyOrder_UnknownOnesSkipped_NullAsEmpty()
    {
        var json = """{"sq":{"00081032":[{"00080100":"CT-THX"},{}]},"x":{"y":[1,{"z":null}]},"a":{"00100010":"Doe^J","00100020":null},"len":7,"ts":"1.2","site":"chu-b","v":1}""";

        var record = CatalogRecordCodec.Decode(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(("chu-b", "1.2", 7L), (record.Site, record.TransferSyntaxUid, record.Length));
        Assert.Equal("Doe^J", record.Values[CatalogSchema.PatientName]);
        Assert.Equal(string.Empty, record.Values[new DicomTag(0x0010, 0x0020)]);
        var items = record.Sequences[new DicomTag(0x0008, 0x1032)];
        Assert.Equal(2, items.Count);
        Assert.Equal("CT-THX", items[0][new DicomTag(0x0008, 0x0100)]);
        Assert.Empty(items[1]);
    }
}
