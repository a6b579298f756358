namespace Archive.Storage.Store.Decorators;

/// <summary>Shard-store operations, as named in metrics and fault plans. Values are stable.</summary>
public enum StoreOperation
{
    /// <summary><see cref="IShardStore.PutAsync"/>.</summary>
    Put = 0,

    /// <summary><see cref="IShardStore.ReadAsync"/>.</summary>
    Read = 1,

    /// <summary><see cref="IShardStore.DeleteAsync"/>.</summary>
    Delete = 2,

    /// <summary><see cref="IShardStore.VerifyAsync"/>.</summary>
    Verify = 3,
}
