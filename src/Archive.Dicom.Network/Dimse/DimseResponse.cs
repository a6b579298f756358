namespace Archive.Dicom.Network.Dimse;

/// <summary>A response received by an SCU (or yielded by an SCP handler): the command and its dataset, if any.</summary>
public sealed record DimseResponse(DimseCommand Command, ReadOnlyMemory<byte> Dataset)
{
    /// <summary>The response status; success when the peer sent none.</summary>
    public DimseStatus Status => Command.Status ?? DimseStatus.Success;

    /// <summary>True when a dataset came with the response.</summary>
    public bool HasDataset => Command.HasDataSet;
}
