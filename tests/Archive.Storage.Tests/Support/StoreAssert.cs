using Archive.Storage.Primitives;
using Archive.Storage.Store;

namespace Archive.Storage.Tests.Support;

public static class StoreAssert
{
    /// <summary>Reads the whole shard and asserts it equals <paramref name="expected"/>.</summary>
    public static async Task ReadsBackAsync(IShardStore store, ShardKey key, byte[] expected)
    {
        var buffer = new byte[expected.Length + 16];
        var outcome = await store.ReadAsync(key, 0, buffer);
        Assert.Equal(ShardStatus.Ok, outcome.Status);
        Assert.Equal(expected.Length, outcome.BytesRead);
        Assert.True(expected.AsSpan().SequenceEqual(buffer.AsSpan(0, outcome.BytesRead)), $"{key} differs");
    }
}
