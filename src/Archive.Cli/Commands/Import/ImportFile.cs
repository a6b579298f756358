using System.Security.Cryptography;
using Archive.Cli.Commands.Dicom;
using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// One Part 10 file to import: its UIDs, where its dataset starts, and the SHA-256 the archive
/// will record for it. Over C-STORE the archive keeps the dataset bytes exactly, behind a Part 10
/// header it builds itself (<see cref="DicomPart10Envelope"/>, naming our calling AE), so the
/// expected digest is that of the same header followed by this file's dataset bytes (an odd-length Deflated one with the
/// zero byte it is sent with).
/// </summary>
internal sealed record ImportFile(string Path, string RelativePath, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, string StudyInstanceUid, long DatasetOffset, long DatasetLength, string ExpectedSha256)
{
    /// <summary>Media Storage Directory Storage: the DICOMDIR itself, an index of the folder rather than an object.</summary>
    public const string DicomDirSopClass = "1.2.840.10008.1.3.10";

    private static readonly DicomTag StudyInstanceUidTag = new(0x0020, 0x000D);

    /// <summary>Reads the file's meta and header (not its pixels) and hashes it as the archive will; null when it is not a Part 10 file with a study.</summary>
    public static async Task<ImportFile?> TryInspectAsync(string root, string path, CancellationToken cancellationToken)
    {
        var meta = await StoreCommandFile.TryReadAsync(path, cancellationToken);
        if (meta is null || !DicomTransferSyntax.TryLookup(meta.TransferSyntaxUid, out var syntax))
        {
            return null;
        }

        string? study = null;
        if (meta.SopClassUid != DicomDirSopClass)
        {
            try
            {
                await using var header = File.OpenRead(path);
                study = (await DicomFileReader.ReadHeaderAsync(header, cancellationToken: cancellationToken)).File.Dataset.GetText(StudyInstanceUidTag);
            }
            catch (DicomParseException)
            {
                return null;
            }
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(DicomPart10Envelope.Header(meta.SopClassUid, meta.SopInstanceUid, syntax));
        stream.Position = meta.DatasetOffset;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        if (syntax.IsDeflated && (stream.Length - meta.DatasetOffset) % 2 == 1)
        {
            sha.AppendData([0]); // sent, and so stored, padded to even length with one zero byte (PS3.5 A.5)
        }

        return new ImportFile(path, System.IO.Path.GetRelativePath(root, path), meta.SopClassUid, meta.SopInstanceUid, meta.TransferSyntaxUid, study?.Trim() ?? string.Empty, meta.DatasetOffset, stream.Length - meta.DatasetOffset, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}
