using System.Buffers;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// Incremental, bounded parser of one dataset in one transfer syntax (Kestrel style): feed it
/// buffers with <see cref="Parse"/>; it consumes whole elements (header and value together), returns
/// <see cref="DicomParseStatus.NeedMoreData"/> without consuming a partial one, and throws
/// <see cref="DicomParseException"/> on malformed input. Nested sequences, items and encapsulated
/// pixel data are tracked on an explicit stack, so the input may be split anywhere. Every length is
/// checked against <see cref="DicomReaderOptions"/>, the enclosing container and the input length
/// (when known) before anything is allocated; a value is copied only once all its bytes are
/// buffered. One instance parses one dataset; not thread-safe.
/// </summary>
public sealed partial class DicomDatasetParser
{
    private readonly DicomReaderOptions _options;
    private readonly List<Frame> _frames = [];
    private readonly long? _inputEnd;
    private readonly DicomTag? _stopAtTag;
    private readonly bool _retainInput;
    private int _depth;

    /// <summary>
    /// Prepares to parse into <paramref name="root"/>. <paramref name="startOffset"/> is the position
    /// of the first byte fed (for error offsets); <paramref name="inputEnd"/>, when known, is the
    /// position just past the last byte the input can hold. With <paramref name="retainInput"/> the
    /// parser may keep slices of the fed buffers as values instead of copying (only for callers that
    /// keep that memory alive and unchanged for the dataset's life).
    /// </summary>
    public DicomDatasetParser(DicomDataset root, DicomTransferSyntax syntax, DicomReaderOptions options, long startOffset = 0, long? inputEnd = null, DicomTag? stopAtTag = null, bool retainInput = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _inputEnd = inputEnd;
        _stopAtTag = stopAtTag;
        _retainInput = retainInput;
        Offset = startOffset;
        Root = root;
        _frames.Add(new Frame { Kind = FrameKind.Dataset, Dataset = root, End = -1, Explicit = syntax.IsExplicitVR, BigEndian = syntax.IsBigEndian });
    }

    /// <summary>The dataset being filled.</summary>
    public DicomDataset Root { get; }

    /// <summary>Position of the next byte to consume.</summary>
    public long Offset { get; private set; }

    /// <summary>When <see cref="DicomParseStatus.Stopped"/>: the tag parsing stopped before (its header starts at <see cref="Offset"/>).</summary>
    public DicomTag? StoppedAt { get; private set; }

    /// <summary>
    /// Consumes as many complete elements from <paramref name="reader"/> as possible.
    /// <paramref name="isFinalBlock"/> says no more bytes will ever come: running out inside an
    /// element, item or sequence then throws <see cref="DicomParseError.Truncated"/>.
    /// </summary>
    public DicomParseStatus Parse(ref SequenceReader<byte> reader, bool isFinalBlock)
    {
        while (true)
        {
            if (_frames.Count == 0)
            {
                return DicomParseStatus.Completed;
            }

            var frame = _frames[^1];
            if (frame.End >= 0 && Offset == frame.End)
            {
                Pop();
                continue;
            }

            if (reader.End)
            {
                if (!isFinalBlock)
                {
                    return DicomParseStatus.NeedMoreData;
                }

                if (_frames.Count == 1)
                {
                    _frames.Clear();
                    return DicomParseStatus.Completed;
                }

                ThrowHelper.ThrowParse(DicomParseError.Truncated, Offset, frame.Tag, "input ended inside a sequence or item");
            }

            var step = frame.Kind switch
            {
                FrameKind.Dataset => StepDataset(ref reader, frame),
                FrameKind.Sequence => StepSequence(ref reader, frame),
                _ => StepFragments(ref reader, frame),
            };

            switch (step)
            {
                case Step.Progress:
                    continue;
                case Step.Stop:
                    return DicomParseStatus.Stopped;
                default:
                    if (isFinalBlock)
                    {
                        ThrowHelper.ThrowParse(DicomParseError.Truncated, Offset, PeekTagOrNull(ref reader, frame), "input ended inside an element");
                    }

                    return DicomParseStatus.NeedMoreData;
            }
        }
    }

    private Step StepDataset(ref SequenceReader<byte> reader, Frame frame)
    {
        if (!DicomElementHeader.TryPeekTag(ref reader, frame.BigEndian, out var tag))
        {
            return Step.NeedMore;
        }

        if (_frames.Count == 1 && _stopAtTag is { } stop && tag >= stop)
        {
            StoppedAt = tag;
            return Step.Stop;
        }

        if (!DicomElementHeader.TryRead(ref reader, frame.Explicit, frame.BigEndian, Offset, out var header))
        {
            return Step.NeedMore;
        }

        if (tag.Group == 0xFFFE)
        {
            if (tag == DicomTag.ItemDelimitationItem && frame.IsItem && frame.End < 0)
            {
                Consume(ref reader, header.HeaderLength);
                Pop();
                return Step.Progress;
            }

            ThrowHelper.ThrowParse(DicomParseError.UnexpectedTag, Offset, tag, "item or delimiter where a data element was expected");
        }

        var dataset = frame.Dataset!;
        var vr = frame.Explicit ? header.VR : DicomImplicitVR.Resolve(tag, dataset);
        if (header.HasUndefinedLength)
        {
            if (tag == DicomTag.PixelData)
            {
                return BeginFragments(ref reader, frame, header, vr);
            }

            if (vr == DicomVR.SQ || vr == DicomVR.UN || !frame.Explicit)
            {
                return BeginSequence(ref reader, frame, header, vr == DicomVR.SQ ? DicomVR.SQ : DicomVR.UN);
            }

            ThrowHelper.ThrowParse(DicomParseError.IllegalUndefinedLength, Offset, tag, $"VR {DicomVRInfo.Code(vr)} cannot have an undefined length");
        }

        if (vr == DicomVR.SQ)
        {
            return BeginSequence(ref reader, frame, header, DicomVR.SQ);
        }

        CheckValueLength(frame, header);
        if (reader.Remaining < header.HeaderLength + (long)header.Length)
        {
            return Step.NeedMore;
        }

        var headerOffset = Offset;
        Consume(ref reader, header.HeaderLength);
        var value = TakeValue(ref reader, (int)header.Length, frame.BigEndian ? DicomVRInfo.ByteSwapUnit(vr) : 1);
        AddTo(dataset, new DicomValueElement(tag, vr, value), headerOffset);
        return Step.Progress;
    }

    private Step BeginSequence(ref SequenceReader<byte> reader, Frame frame, DicomElementHeader header, DicomVR vr)
    {
        var end = CheckContainer(frame, header);
        CheckDepth(header.Tag);
        var sequence = new DicomSequence(header.Tag, vr, header.HasUndefinedLength);
        AddTo(frame.Dataset!, sequence, Offset);
        Consume(ref reader, header.HeaderLength);
        var implicitItems = vr == DicomVR.UN;
        Push(new Frame
        {
            Kind = FrameKind.Sequence,
            Sequence = sequence,
            Dataset = frame.Dataset,
            Tag = header.Tag,
            End = end,
            Explicit = !implicitItems && frame.Explicit,
            BigEndian = !implicitItems && frame.BigEndian,
        });
        return Step.Progress;
    }

    private Step BeginFragments(ref SequenceReader<byte> reader, Frame frame, DicomElementHeader header, DicomVR vr)
    {
        CheckDepth(header.Tag);
        var fragments = new DicomFragmentSequence(header.Tag, vr);
        AddTo(frame.Dataset!, fragments, Offset);
        Consume(ref reader, header.HeaderLength);
        Push(new Frame { Kind = FrameKind.Fragments, Fragments = fragments, Tag = header.Tag, End = -1, BigEndian = frame.BigEndian, FirstFragment = true });
        return Step.Progress;
    }

    private Step StepSequence(ref SequenceReader<byte> reader, Frame frame)
    {
        if (!DicomElementHeader.TryRead(ref reader, explicitVR: false, frame.BigEndian, Offset, out var header))
        {
            return Step.NeedMore;
        }

        if (header.Tag == DicomTag.Item)
        {
            var sequence = frame.Sequence!;
            if (sequence.Items.Count >= _options.MaxItems)
            {
                ThrowHelper.ThrowParse(DicomParseError.TooManyItems, Offset, frame.Tag, $"more than {_options.MaxItems} items");
            }

            var end = CheckContainer(frame, header);
            Consume(ref reader, header.HeaderLength);
            var item = sequence.AddItem(new DicomDataset(frame.Dataset), header.HasUndefinedLength);
            Push(new Frame { Kind = FrameKind.Dataset, Dataset = item.Dataset, IsItem = true, Tag = frame.Tag, End = end, Explicit = frame.Explicit, BigEndian = frame.BigEndian });
            return Step.Progress;
        }

        if (header.Tag == DicomTag.SequenceDelimitationItem && frame.End < 0)
        {
            Consume(ref reader, header.HeaderLength);
            Pop();
            return Step.Progress;
        }

        return ThrowHelper.ThrowParse<Step>(DicomParseError.UnexpectedTag, Offset, header.Tag, $"expected an item of sequence {frame.Tag}");
    }

    private Step StepFragments(ref SequenceReader<byte> reader, Frame frame)
    {
        if (!DicomElementHeader.TryRead(ref reader, explicitVR: false, frame.BigEndian, Offset, out var header))
        {
            return Step.NeedMore;
        }

        if (header.Tag == DicomTag.SequenceDelimitationItem)
        {
            Consume(ref reader, header.HeaderLength);
            Pop();
            return Step.Progress;
        }

        if (header.Tag != DicomTag.Item)
        {
            ThrowHelper.ThrowParse(DicomParseError.UnexpectedTag, Offset, header.Tag, "expected a fragment item of encapsulated pixel data");
        }

        if (header.HasUndefinedLength)
        {
            ThrowHelper.ThrowParse(DicomParseError.InvalidFragment, Offset, frame.Tag, "fragment with undefined length");
        }

        var fragments = frame.Fragments!;
        if (fragments.Fragments.Count >= _options.MaxItems)
        {
            ThrowHelper.ThrowParse(DicomParseError.TooManyItems, Offset, frame.Tag, $"more than {_options.MaxItems} fragments");
        }

        CheckValueLength(frame, header);
        if (reader.Remaining < header.HeaderLength + (long)header.Length)
        {
            return Step.NeedMore;
        }

        Consume(ref reader, header.HeaderLength);
        var value = TakeValue(ref reader, (int)header.Length, 1);
        if (frame.FirstFragment)
        {
            fragments.OffsetTable = value;
            frame.FirstFragment = false;
        }
        else
        {
            fragments.Fragments.Add(value);
        }

        return Step.Progress;
    }
}
