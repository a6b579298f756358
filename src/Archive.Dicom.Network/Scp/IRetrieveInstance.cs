namespace Archive.Dicom.Network.Scp;

/// <summary>One stored instance to send as a C-STORE sub-operation: its dataset bytes (no meta header) in <see cref="TransferSyntaxUid"/>.</summary>
public interface IRetrieveInstance
{
    string SopClassUid { get; }

    string SopInstanceUid { get; }

    string TransferSyntaxUid { get; }

    /// <summary>Dataset length in bytes.</summary>
    long Length { get; }

    /// <summary>Opens the dataset for reading from its start; the caller disposes the stream.</summary>
    ValueTask<Stream> OpenAsync(CancellationToken cancellationToken);
}
