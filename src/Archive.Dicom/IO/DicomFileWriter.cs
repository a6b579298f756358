using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// Writes Part 10 files: preamble (as read, else zeros), "DICM", the File Meta Information
/// (explicit VR little endian, group length computed) and the dataset in the file's own syntax or
/// in another writable one. Transcoding is limited to what needs no pixel codec: between Implicit
/// VR LE, Explicit VR LE and Deflated Explicit VR LE (big endian is read, written as little endian);
/// encapsulated files are written only in their own syntax. Streaming writes flush every
/// <see cref="DicomWriteOptions.FlushThreshold"/> bytes. Stateless and thread-safe.
/// </summary>
public static class DicomFileWriter
{
    /// <summary>Writes <paramref name="file"/> to <paramref name="stream"/> (left open) in <paramref name="syntax"/>, by default the file's own.</summary>
    public static async Task WriteAsync(Stream stream, DicomFile file, DicomTransferSyntax? syntax = null, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        options ??= DicomWriteOptions.Default;
        var target = ResolveTarget(file, syntax);
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        WriteHead(pipe, file, target);
        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!target.IsDeflated)
        {
            await WriteDatasetAsync(pipe, file.Dataset, target.IsExplicitVR, options, cancellationToken).ConfigureAwait(false);
            await pipe.CompleteAsync().ConfigureAwait(false);
            return;
        }

        await pipe.CompleteAsync().ConfigureAwait(false);
        var deflate = new DeflateStream(stream, options.DeflateLevel, leaveOpen: true);
        await using (deflate.ConfigureAwait(false))
        {
            var inner = PipeWriter.Create(new NonFlushingStream(deflate), new StreamPipeWriterOptions(leaveOpen: true));
            await WriteDatasetAsync(inner, file.Dataset, explicitVR: true, options, cancellationToken).ConfigureAwait(false);
            await inner.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes to a new file at <paramref name="path"/> (replacing any).</summary>
    public static async Task WriteFileAsync(string path, DicomFile file, DicomTransferSyntax? syntax = null, DicomWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await WriteAsync(stream, file, syntax, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The whole file in memory (for small objects and tests).</summary>
    public static byte[] ToBytes(DicomFile file, DicomTransferSyntax? syntax = null, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= DicomWriteOptions.Default;
        var target = ResolveTarget(file, syntax);
        var head = new ArrayBufferWriter<byte>();
        WriteHead(head, file, target);
        var body = new ArrayBufferWriter<byte>();
        DicomDatasetWriter.Write(body, file.Dataset, target.IsDeflated ? DicomTransferSyntax.ExplicitVRLittleEndian : target);
        using var output = new MemoryStream();
        output.Write(head.WrittenSpan);
        if (target.IsDeflated)
        {
            using var deflate = new DeflateStream(output, options.DeflateLevel, leaveOpen: true);
            deflate.Write(body.WrittenSpan);
        }
        else
        {
            output.Write(body.WrittenSpan);
        }

        return output.ToArray();
    }

    /// <summary>
    /// The syntax a write of <paramref name="file"/> will use: <paramref name="requested"/>, else the
    /// file's own, else (big endian) Explicit VR Little Endian. Throws <see cref="NotSupportedException"/>
    /// when that needs a pixel codec.
    /// </summary>
    public static DicomTransferSyntax ResolveTarget(DicomFile file, DicomTransferSyntax? requested)
    {
        ArgumentNullException.ThrowIfNull(file);
        var source = file.TransferSyntax;
        var target = requested ?? (source.IsBigEndian ? DicomTransferSyntax.ExplicitVRLittleEndian : source);
        DicomDatasetWriter.EnsureWritable(target);
        if (target.Uid != source.Uid && (source.IsEncapsulated || target.IsEncapsulated))
        {
            throw new NotSupportedException($"Transcoding {source.Name} to {target.Name} needs a pixel codec; only uncompressed syntaxes are transcoded.");
        }

        return target;
    }

    private static void WriteHead(IBufferWriter<byte> writer, DicomFile file, DicomTransferSyntax target)
    {
        var preamble = writer.GetSpan(DicomFile.PreambleLength + 4)[..(DicomFile.PreambleLength + 4)];
        preamble.Clear();
        file.Preamble.Span.CopyTo(preamble);
        "DICM"u8.CopyTo(preamble[DicomFile.PreambleLength..]);
        writer.Advance(DicomFile.PreambleLength + 4);
        DicomDatasetWriter.Write(writer, DicomFileMeta.Prepare(file, target), DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    private static async Task WriteDatasetAsync(PipeWriter pipe, DicomDataset dataset, bool explicitVR, DicomWriteOptions options, CancellationToken cancellationToken)
    {
        var groupLengths = DicomDatasetWriter.ComputeGroupLengths(dataset, explicitVR);
        foreach (var element in dataset)
        {
            DicomDatasetWriter.WriteElement(pipe, element, explicitVR, groupLengths);
            if (pipe.UnflushedBytes >= options.FlushThreshold)
            {
                await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
