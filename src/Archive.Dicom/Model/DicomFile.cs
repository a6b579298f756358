namespace Archive.Dicom.Model;

/// <summary>
/// A Part 10 object: the 128-byte preamble, the File Meta Information (group 0002) and the dataset.
/// Files read without a preamble or meta keep <see cref="Preamble"/> empty or the meta empty; the
/// writer fills them in. Not thread-safe (the datasets are mutable).
/// </summary>
public sealed class DicomFile
{
    /// <summary>Creates a file from its parts; the file owns the datasets from now on.</summary>
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax, ReadOnlyMemory<byte> preamble = default)
    {
        ArgumentNullException.ThrowIfNull(fileMetaInformation);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        if (!preamble.IsEmpty && preamble.Length != PreambleLength)
        {
            throw new ArgumentException($"A preamble is {PreambleLength} bytes.", nameof(preamble));
        }

        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        Preamble = preamble;
    }

    /// <summary>Length of the preamble before "DICM".</summary>
    public const int PreambleLength = 128;

    /// <summary>(0002,0010) Transfer Syntax UID.</summary>
    public static readonly DicomTag TransferSyntaxUidTag = new(0x0002, 0x0010);

    /// <summary>The preamble as read (128 bytes), or empty when the input had none (the writer then writes zeros).</summary>
    public ReadOnlyMemory<byte> Preamble { get; }

    /// <summary>Group 0002 elements, always Explicit VR Little Endian on the wire.</summary>
    public DicomDataset FileMetaInformation { get; }

    /// <summary>The dataset proper.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>The syntax the dataset was read in (or is to be written in).</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>True when the input had no File Meta Information and the syntax was detected from the bytes.</summary>
    public bool MetaWasMissing => FileMetaInformation.Count == 0;
}
