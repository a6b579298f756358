using System.Diagnostics.Metrics;
using Archive.Storage.Diagnostics;
using Archive.Storage.Store;
using Archive.Storage.Store.Decorators;
using Archive.Storage.Tests.Support;

namespace Archive.Storage.Tests.Store;

public sealed class DecoratorTests
{
    [Fact]
    public async Task FaultInjection_DiskFullOnPut_IsReturnedAndNothingStored()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var flaky = new FaultInjectingShardStore(store, (op, _) => op == StoreOperation.Put ? ShardStatus.DiskFull : null);
        var write = Shards.Write(1);
        Assert.Equal(ShardStatus.DiskFull, (await flaky.PutAsync(write)).Status);
        Assert.Equal(ShardStatus.NotFound, (await flaky.ReadAsync(write.Key, 0, new byte[1])).Status);
    }

    [Fact]
    public async Task Metered_RecordsDurationTaggedByOperationAndStatus()
    {
        await using var h = new StoreHarness(disks: 1);
        var store = await h.OpenAsync();
        var tags = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "archive.storage.operation.duration" && instrument.Meter.Scope == h.Meters)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, t, _) => tags.Add($"{t[0].Value}/{t[1].Value}"));
        listener.Start();
        var metered = new MeteredShardStore(store, new StorageMetrics(h.Meters));
        var write = Shards.Write(1);
        await metered.PutAsync(write);
        await metered.ReadAsync(write.Key, 0, new byte[10]);
        await metered.ReadAsync(Shards.Write(2).Key, 0, new byte[10]);
        Assert.Equal(["put/ok", "read/ok", "read/not_found"], tags);
    }
}
