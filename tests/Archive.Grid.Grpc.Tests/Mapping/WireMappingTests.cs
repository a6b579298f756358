using Archive.Codec.Fixity;
using Archive.Codec.Framing;
using Archive.Contracts.V1;
using Archive.Grid.Grpc.Mapping;
using Archive.Grid.Grpc.Peers;
using Archive.Grid.Repair;
using Archive.Storage.Primitives;
using Archive.Storage.Records;
using Archive.Storage.Store;
using Google.Protobuf;

namespace Archive.Grid.Grpc.Tests.Mapping;

public sealed class WireMappingTests
{
    [Fact]
    public void StorageManifest_ToWireAndBack_IsEqual()
    {
        var manifest = new ObjectManifest(new ObjectKey(new ObjectId(1, 2), 7), 123, Sha256Digest.Compute([5]), "rep-3", 1, 2, 4096, ChecksumAlgorithm.XxHash128,
            DateTimeOffset.FromUnixTimeMilliseconds(1_234_567), [1, 2, 3]);

        var back = FromWire.Manifest(ToWire.Manifest(manifest));

        Assert.Equal(manifest with { Attributes = back.Attributes }, back);
        Assert.Equal(manifest.Attributes, back.Attributes);
    }

    [Fact]
    public void ShardStatus_EveryValue_CrossesUnchanged()
    {
        foreach (var status in Enum.GetValues<ShardStatus>())
        {
            Assert.Equal(status, FromWire.Status(ToWire.Status(status)));
        }
    }

    [Fact]
    public void ObjectKey_WrongIdLength_RefusedBeforeUse()
    {
        Assert.Throws<InvalidDataException>(() => FromWire.ObjectKey(new ObjectKeyMessage { ObjectId = ByteString.CopyFrom(new byte[15]) }));
        Assert.Throws<InvalidDataException>(() => FromWire.ShardKey(null));
    }

    [Fact]
    public void Manifest_OutOfRangeFields_Refused()
    {
        var message = ToWire.Manifest(new ObjectManifest(new ObjectKey(new ObjectId(1, 2), 1), 1, Sha256Digest.Compute([1]), "ec-4-2", 4, 2, 4096, ChecksumAlgorithm.XxHash3_64, DateTimeOffset.UnixEpoch, []));
        message.DataShards = 300;

        Assert.Throws<InvalidDataException>(() => FromWire.Manifest(message));
    }

    [Fact]
    public void RepairItem_ToWireAndBack_KeepsEveryField()
    {
        var item = new RepairItem("study", "sop", Sha256Digest.Compute([1]), 2, [4, 5], 4, RepairReason.MissedOnWrite, "node-3");

        var back = FromWire.RepairItem(ToWire.RepairItem(item));

        Assert.Equal(item with { ShardIndices = back.ShardIndices }, back);
        Assert.Equal(item.ShardIndices, back.ShardIndices);
    }

    [Fact]
    public void StorageNodeIds_SameGridId_SameStorageIdAndDistinctOtherwise()
    {
        Assert.Equal(StorageNodeIds.Of("node-1"), StorageNodeIds.Of("node-1"));
        Assert.NotEqual(StorageNodeIds.Of("node-1"), StorageNodeIds.Of("node-2"));
        Assert.Equal("3d7b9b8b0a0b1c6c9b0d5d6b2d6a2e8f".Length, StorageNodeIds.Of("node-1").ToString().Length);
    }
}
