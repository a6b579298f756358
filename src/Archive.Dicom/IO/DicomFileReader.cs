using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// Reads Part 10 files (and raw datasets) from memory, a <see cref="Stream"/> or a
/// <see cref="PipeReader"/>. Streaming reads buffer at most one element (or one fragment) beyond the
/// read size, so a header-only read of a 1 GB file touches only its first kilobytes. Bad input
/// throws <see cref="DicomParseException"/>, and nothing else. Stateless and thread-safe.
/// </summary>
public static class DicomFileReader
{
    /// <summary>
    /// Parses <paramref name="bytes"/> synchronously. Values are slices of <paramref name="bytes"/>
    /// (no copy) except byte-swapped ones, so the caller must keep the memory unchanged for as long
    /// as the returned dataset is used.
    /// </summary>
    public static DicomReadResult Read(ReadOnlyMemory<byte> bytes, DicomReaderOptions? options = null)
    {
        options ??= DicomReaderOptions.Default;
        var parser = new DicomFileParser(options, bytes.Length, retainInput: true);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        var step = parser.Step(ref reader, isFinalBlock: true);
        if (step == DicomFileStep.Inflate)
        {
            var inflated = Inflate(bytes[(int)reader.Consumed..], options, parser.Offset);
            parser.BeginInflated(inflated.Length);
            var inner = new SequenceReader<byte>(new ReadOnlySequence<byte>(inflated));
            step = parser.Step(ref inner, isFinalBlock: true);
            return ToResult(parser, step, deflated: true);
        }

        return ToResult(parser, step, deflated: false);
    }

    /// <summary>Reads a whole file from <paramref name="stream"/> (left open, positioned after what was read).</summary>
    public static async Task<DicomFile> ReadAsync(Stream stream, DicomReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        (await ReadStreamAsync(stream, options ?? DicomReaderOptions.Default, cancellationToken).ConfigureAwait(false)).File;

    /// <summary>
    /// Header-only read: stops before Pixel Data (or <see cref="DicomReaderOptions.StopAtTag"/> when
    /// set), never reading or allocating it.
    /// </summary>
    public static Task<DicomReadResult> ReadHeaderAsync(Stream stream, DicomReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomReaderOptions.Default;
        return ReadStreamAsync(stream, options.StopAtTag is null ? options.HeaderOnly() : options, cancellationToken);
    }

    /// <summary>Reads with <paramref name="options"/> as given (full or header-only) from a stream.</summary>
    public static async Task<DicomReadResult> ReadStreamAsync(Stream stream, DicomReaderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        long? length = stream.CanSeek ? stream.Length - stream.Position : null;
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: options.ReadBufferSize, minimumReadSize: Math.Min(4096, options.ReadBufferSize), leaveOpen: true));
        try
        {
            return await RunAsync(pipe, new DicomFileParser(options, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads from a pipe (not completed here: the caller owns it).</summary>
    public static Task<DicomReadResult> ReadAsync(PipeReader reader, DicomReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return RunAsync(reader, new DicomFileParser(options ?? DicomReaderOptions.Default), cancellationToken);
    }

    /// <summary>Opens and reads a file.</summary>
    public static async Task<DicomReadResult> ReadFileAsync(string path, DicomReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadStreamAsync(stream, options ?? DicomReaderOptions.Default, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<DicomReadResult> RunAsync(PipeReader pipe, DicomFileParser parser, CancellationToken cancellationToken, bool deflated = false)
    {
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var step = StepOnce(parser, buffer, result.IsCompleted, out var consumed);
            if (step == DicomFileStep.Inflate)
            {
                pipe.AdvanceTo(consumed);
                return await RunInflatedAsync(pipe, parser, cancellationToken).ConfigureAwait(false);
            }

            pipe.AdvanceTo(consumed, buffer.End);
            if (step != DicomFileStep.NeedMoreData)
            {
                return ToResult(parser, step, deflated);
            }
        }
    }

    private static async Task<DicomReadResult> RunInflatedAsync(PipeReader pipe, DicomFileParser parser, CancellationToken cancellationToken)
    {
        parser.BeginInflated();
        var inflater = new DeflateStream(pipe.AsStream(leaveOpen: true), CompressionMode.Decompress, leaveOpen: false);
        await using (inflater.ConfigureAwait(false))
        {
            var inner = PipeReader.Create(inflater, new StreamPipeReaderOptions(leaveOpen: true));
            try
            {
                return await RunAsync(inner, parser, cancellationToken, deflated: true).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw new DicomParseException(DicomParseError.InvalidDeflateStream, parser.Offset, null, e.Message, e);
            }
            finally
            {
                await inner.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    private static DicomFileStep StepOnce(DicomFileParser parser, ReadOnlySequence<byte> buffer, bool isFinal, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var step = parser.Step(ref reader, isFinal);
        consumed = reader.Position;
        return step;
    }

    private static DicomReadResult ToResult(DicomFileParser parser, DicomFileStep step, bool deflated)
    {
        var stopped = step == DicomFileStep.Stopped;
        return new DicomReadResult(parser.ToFile(), stopped, stopped ? parser.StoppedAt : null, stopped && !deflated ? parser.Offset : null);
    }

    private static byte[] Inflate(ReadOnlyMemory<byte> deflated, DicomReaderOptions options, long offset)
    {
        try
        {
            using var source = new DeflateStream(new MemoryStream(deflated.ToArray(), writable: false), CompressionMode.Decompress);
            using var target = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = source.Read(chunk)) > 0)
            {
                if (target.Length + read > options.MaxInflatedLength)
                {
                    ThrowHelper.ThrowParse(DicomParseError.InvalidDeflateStream, offset, null, $"inflates past the limit of {options.MaxInflatedLength} bytes");
                }

                target.Write(chunk, 0, read);
            }

            return target.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DicomParseException(DicomParseError.InvalidDeflateStream, offset, null, e.Message, e);
        }
    }
}
