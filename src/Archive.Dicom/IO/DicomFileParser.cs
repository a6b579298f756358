using System.Buffers;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// The Part 10 layer over <see cref="DicomDatasetParser"/>: preamble and "DICM" detection, the File
/// Meta Information (explicit VR little endian, up to the first tag past group 0002), the transfer
/// syntax, then the dataset. Tolerates files without preamble and without meta (the syntax is then
/// detected from the first element). Incremental like the dataset parser; one instance per file;
/// not thread-safe. Deflated datasets are signalled with <see cref="DicomFileStep.Inflate"/>: the
/// driver inflates the rest of the input and calls <see cref="BeginInflated"/>.
/// </summary>
public sealed class DicomFileParser
{
    private const int HeadLength = DicomFile.PreambleLength + 4;
    private static readonly DicomTag FirstTagAfterMeta = new(0x0003, 0x0000);

    private readonly DicomReaderOptions _options;
    private readonly long? _inputLength;
    private readonly bool _retainInput;
    private readonly DicomDataset _meta = new();
    private readonly DicomDataset _dataset = new();
    private Stage _stage;
    private ReadOnlyMemory<byte> _preamble;
    private DicomDatasetParser? _parser;
    private DicomTransferSyntax? _syntax;
    private long _offset;

    /// <summary>
    /// <paramref name="inputLength"/> is the total input length when known (seekable streams, memory),
    /// which lets every length be checked against it at once; <paramref name="retainInput"/> lets
    /// values be slices of the fed buffers (see <see cref="DicomDatasetParser"/>).
    /// </summary>
    public DicomFileParser(DicomReaderOptions options, long? inputLength = null, bool retainInput = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _inputLength = inputLength;
        _retainInput = retainInput;
    }

    private enum Stage
    {
        Head,
        Meta,
        Detect,
        Dataset,
    }

    /// <summary>Position of the next byte to consume (inflated bytes count after the meta of a deflated file).</summary>
    public long Offset => _parser?.Offset ?? _offset;

    /// <summary>The syntax of the dataset, once known.</summary>
    public DicomTransferSyntax? TransferSyntax => _syntax;

    /// <summary>Consumes what it can of <paramref name="reader"/>; see <see cref="DicomDatasetParser.Parse"/> for the contract.</summary>
    public DicomFileStep Step(ref SequenceReader<byte> reader, bool isFinalBlock)
    {
        while (true)
        {
            switch (_stage)
            {
                case Stage.Head:
                    if (reader.Remaining < HeadLength && !isFinalBlock)
                    {
                        return DicomFileStep.NeedMoreData;
                    }

                    ReadHead(ref reader);
                    break;

                case Stage.Meta:
                    var metaStatus = _parser!.Parse(ref reader, isFinalBlock);
                    if (metaStatus == DicomParseStatus.NeedMoreData)
                    {
                        return DicomFileStep.NeedMoreData;
                    }

                    _offset = _parser.Offset;
                    _parser = null;
                    if (!_meta.TryGetText(DicomFile.TransferSyntaxUidTag, out var uid))
                    {
                        _stage = Stage.Detect;
                        break;
                    }

                    _syntax = DicomTransferSyntax.Lookup(uid);
                    if (metaStatus == DicomParseStatus.Completed)
                    {
                        return DicomFileStep.Completed;
                    }

                    if (_syntax.IsDeflated)
                    {
                        return DicomFileStep.Inflate;
                    }

                    BeginDataset(_inputLength);
                    break;

                case Stage.Detect:
                    if (reader.Remaining < 8 && !isFinalBlock)
                    {
                        return DicomFileStep.NeedMoreData;
                    }

                    _syntax = DetectSyntax(ref reader, _offset);
                    BeginDataset(_inputLength);
                    break;

                default:
                    var status = _parser!.Parse(ref reader, isFinalBlock);
                    return status switch
                    {
                        DicomParseStatus.NeedMoreData => DicomFileStep.NeedMoreData,
                        DicomParseStatus.Stopped => DicomFileStep.Stopped,
                        _ => DicomFileStep.Completed,
                    };
            }
        }
    }

    /// <summary>After <see cref="DicomFileStep.Inflate"/>: the bytes fed from now on are the inflated dataset (of <paramref name="inflatedLength"/> bytes when known).</summary>
    public void BeginInflated(long? inflatedLength = null) => BeginDataset(inflatedLength is { } n ? _offset + n : null);

    /// <summary>The file read so far (all of it after <see cref="DicomFileStep.Completed"/>).</summary>
    public DicomFile ToFile() => new(_meta, _dataset, _syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian, _preamble);

    /// <summary>When stopped: the tag parsing stopped before.</summary>
    public DicomTag? StoppedAt => _parser?.StoppedAt;

    private void BeginDataset(long? inputEnd)
    {
        _parser = new DicomDatasetParser(_dataset, _syntax!, _options, _offset, inputEnd, _options.StopAtTag, _retainInput);
        _stage = Stage.Dataset;
    }

    private void ReadHead(ref SequenceReader<byte> reader)
    {
        Span<byte> head = stackalloc byte[HeadLength];
        head = head[..(int)Math.Min(reader.Remaining, HeadLength)];
        reader.TryCopyTo(head);
        if (head.Length == HeadLength && head[DicomFile.PreambleLength..].SequenceEqual("DICM"u8))
        {
            _preamble = head[..DicomFile.PreambleLength].ToArray();
            reader.Advance(HeadLength);
            _offset = HeadLength;
            BeginMeta();
        }
        else if (head.Length >= 4 && head[..4].SequenceEqual("DICM"u8))
        {
            reader.Advance(4);
            _offset = 4;
            BeginMeta();
        }
        else if (head.Length >= 2 && head[0] == 0x02 && head[1] == 0x00)
        {
            BeginMeta();
        }
        else
        {
            _stage = Stage.Detect;
        }
    }

    private void BeginMeta()
    {
        _parser = new DicomDatasetParser(_meta, DicomTransferSyntax.ExplicitVRLittleEndian, _options, _offset, _inputLength, FirstTagAfterMeta, _retainInput);
        _stage = Stage.Meta;
    }

    /// <summary>
    /// Guesses the syntax of a dataset with no usable meta from its first element: an explicit VR
    /// shows as two upper-case letters forming a VR after the tag; big endian as a group whose high
    /// byte comes first. The first group must look like the start of a dataset (0002–0FFF).
    /// </summary>
    private static DicomTransferSyntax DetectSyntax(ref SequenceReader<byte> reader, long offset)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (!reader.TryCopyTo(bytes))
        {
            return reader.Remaining == 0 && offset > 0
                ? DicomTransferSyntax.ExplicitVRLittleEndian
                : ThrowHelper.ThrowParse<DicomTransferSyntax>(DicomParseError.NotDicom, offset, null, "too short for a DICOM dataset");
        }

        var isExplicit = DicomVRInfo.TryParse(bytes[4], bytes[5], out _);
        var bigEndian = isExplicit && bytes[0] == 0 && bytes[1] != 0;
        var group = bigEndian ? (bytes[0] << 8) | bytes[1] : bytes[0] | (bytes[1] << 8);
        if (group is < 0x0002 or > 0x0FFF)
        {
            ThrowHelper.ThrowParse(DicomParseError.NotDicom, offset, null, "no preamble, no meta and no plausible first element");
        }

        return !isExplicit ? DicomTransferSyntax.ImplicitVRLittleEndian
            : bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian
            : DicomTransferSyntax.ExplicitVRLittleEndian;
    }
}
