namespace Archive.Storage.Primitives;

/// <summary>One version of one object. A new version never overwrites an older one.</summary>
public readonly record struct ObjectKey(ObjectId Id, uint Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Id}/v{Version}";
}
