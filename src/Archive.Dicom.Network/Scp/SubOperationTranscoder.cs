using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Dicom.Network.Scp;

/// <summary>
/// Transcoding for C-STORE sub-operations (PS3.4 C.4.2.3.1 lets an SCP convert between transfer
/// syntaxes): when the destination did not accept an instance's stored syntax, the dataset is
/// re-encoded into an uncompressed syntax it did accept. From uncompressed or deflated syntaxes (inflating is
/// lossless and needs no pixel codec) to uncompressed little-endian ones, up to <see cref="MaxBytes"/> (in memory).
/// </summary>
internal static class SubOperationTranscoder
{
    /// <summary>Largest dataset transcoded in memory.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Syntaxes offered as fallbacks next to an uncompressed stored one.</summary>
    public static readonly IReadOnlyList<string> Fallbacks = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    /// <summary>True when a dataset stored in <paramref name="stored"/> can be sent in <paramref name="target"/>.</summary>
    public static bool CanTranscode(string stored, string target) =>
        DicomTransferSyntax.TryLookup(stored, out var from) && !from.IsEncapsulated
        && DicomTransferSyntax.TryLookup(target, out var to) && to.IsUncompressed && !to.IsBigEndian;

    /// <summary>Reads the dataset from <paramref name="source"/> (disposed) and returns it re-encoded in <paramref name="target"/>.</summary>
    public static async Task<MemoryStream> TranscodeAsync(Stream source, long length, string stored, string target, CancellationToken cancellationToken)
    {
        await using (source.ConfigureAwait(false))
        {
            if (length > MaxBytes)
            {
                throw new InvalidOperationException($"dataset of {length} bytes is too large to transcode");
            }

            var bytes = new byte[length];
            await source.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            var from = DicomTransferSyntax.Lookup(stored);
            var dataset = from.IsDeflated
                ? DicomDatasetBytes.Decode(await InflateAsync(bytes, cancellationToken).ConfigureAwait(false), DicomTransferSyntax.ExplicitVRLittleEndian)
                : DicomDatasetBytes.Decode(bytes, from);
            return new MemoryStream(DicomDatasetBytes.Encode(dataset, DicomTransferSyntax.Lookup(target)), writable: false);
        }
    }

    /// <summary>A Deflated Explicit VR Little Endian dataset's bytes inflated (PS3.5 A.5: raw deflate), at most <see cref="MaxBytes"/>.</summary>
    private static async Task<byte[]> InflateAsync(byte[] deflated, CancellationToken cancellationToken)
    {
        await using var inflater = new System.IO.Compression.DeflateStream(new MemoryStream(deflated), System.IO.Compression.CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await inflater.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (inflated.Length + read > MaxBytes)
            {
                throw new InvalidOperationException($"deflated dataset inflates beyond {MaxBytes} bytes");
            }

            inflated.Write(buffer, 0, read);
        }

        return inflated.ToArray();
    }
}
