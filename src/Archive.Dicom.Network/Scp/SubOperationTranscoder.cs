using Archive.Dicom.IO;
using Archive.Dicom.Model;

namespace Archive.Dicom.Network.Scp;

/// <summary>
/// Transcoding for C-STORE sub-operations (PS3.4 C.4.2.3.1 lets an SCP convert between transfer
/// syntaxes): when the destination did not accept an instance's stored syntax, the dataset is
/// re-encoded into an uncompressed syntax it did accept. Only between uncompressed syntaxes (a
/// compressed one would need pixel codecs) and up to <see cref="MaxBytes"/>, since it happens in memory.
/// </summary>
internal static class SubOperationTranscoder
{
    /// <summary>Largest dataset transcoded in memory.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <summary>Syntaxes offered as fallbacks next to an uncompressed stored one.</summary>
    public static readonly IReadOnlyList<string> Fallbacks = [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid];

    /// <summary>True when a dataset stored in <paramref name="stored"/> can be sent in <paramref name="target"/>.</summary>
    public static bool CanTranscode(string stored, string target) =>
        DicomTransferSyntax.TryLookup(stored, out var from) && from.IsUncompressed
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
            var dataset = DicomDatasetBytes.Decode(bytes, DicomTransferSyntax.Lookup(stored));
            return new MemoryStream(DicomDatasetBytes.Encode(dataset, DicomTransferSyntax.Lookup(target)), writable: false);
        }
    }
}
