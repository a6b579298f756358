namespace Archive.Storage.Primitives;

/// <summary>Identity of a data disk, written in its label at format time and never changed.</summary>
public readonly record struct DiskId(Guid Value)
{
    /// <summary>A fresh random id.</summary>
    public static DiskId New() => new(Guid.NewGuid());

    /// <inheritdoc />
    public override string ToString() => Value.ToString("N");
}
