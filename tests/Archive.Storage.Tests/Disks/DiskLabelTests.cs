using Archive.Storage.Disks;
using Archive.Storage.Layout;
using Archive.Storage.Primitives;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Disks;

public sealed class DiskLabelTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Probe_FormattedDisk_IsAcceptedWithItsLabel()
    {
        var node = NodeId.New();
        var label = DiskFormatter.Format(_temp.Sub("d"), node, TimeProvider.System);
        Assert.Equal(DiskRefusalReason.None, DiskProbe.Probe(_temp.Sub("d"), node, out var read));
        Assert.Equal(label, read);
    }

    [Fact]
    public void Probe_DiskMovedToAnotherPath_IsRecognisedByItsId()
    {
        var node = NodeId.New();
        var label = DiskFormatter.Format(_temp.Sub("a"), node, TimeProvider.System);
        Directory.Move(_temp.Sub("a"), _temp.Sub("b"));
        Assert.Equal(DiskRefusalReason.None, DiskProbe.Probe(_temp.Sub("b"), node, out var read));
        Assert.Equal(label.DiskId, read!.DiskId);
    }

    [Fact]
    public void Probe_DiskOfAnotherNode_IsForeign()
    {
        DiskFormatter.Format(_temp.Sub("d"), NodeId.New(), TimeProvider.System);
        Assert.Equal(DiskRefusalReason.ForeignNode, DiskProbe.Probe(_temp.Sub("d"), NodeId.New(), out _));
    }

    [Fact]
    public void Probe_FlippedLabelByte_IsCorruptLabel()
    {
        DiskFormatter.Format(_temp.Sub("d"), NodeId.New(), TimeProvider.System);
        var path = StoragePaths.LabelFile(_temp.Sub("d"));
        var bytes = File.ReadAllBytes(path);
        bytes[20] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Equal(DiskRefusalReason.CorruptLabel, DiskProbe.Probe(_temp.Sub("d"), null, out _));
    }

    [Fact]
    public void Probe_EmptyDirectory_IsUnformatted() =>
        Assert.Equal(DiskRefusalReason.Unformatted, DiskProbe.Probe(_temp.Path, null, out _));

    [Fact]
    public void Probe_AbsentDirectory_IsMissing() =>
        Assert.Equal(DiskRefusalReason.Missing, DiskProbe.Probe(_temp.Sub("nope"), null, out _));

    [Fact]
    public void Format_AlreadyFormatted_Throws()
    {
        DiskFormatter.Format(_temp.Sub("d"), NodeId.New(), TimeProvider.System);
        Assert.Throws<InvalidOperationException>(() => DiskFormatter.Format(_temp.Sub("d"), NodeId.New(), TimeProvider.System));
    }

    public void Dispose() => _temp.Dispose();
}
