namespace Archive.Storage.Primitives;

/// <summary>Identity of the node that owns a set of disks.</summary>
public readonly record struct NodeId(Guid Value)
{
    /// <summary>A fresh random id.</summary>
    public static NodeId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N");
}
