using System.Buffers;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>The parser's stack of open containers and its bounded consumption helpers.</summary>
public sealed partial class DicomDatasetParser
{
    private enum FrameKind
    {
        Dataset,
        Sequence,
        Fragments,
    }

    private enum Step
    {
        NeedMore,
        Progress,
        Stop,
    }

    /// <summary>One open container: the top-level dataset, an item, a sequence or encapsulated pixel data.</summary>
    private sealed class Frame
    {
        public FrameKind Kind;
        public DicomDataset? Dataset;
        public DicomSequence? Sequence;
        public DicomFragmentSequence? Fragments;
        public DicomTag Tag;
        public long End;
        public bool Explicit;
        public bool BigEndian;
        public bool IsItem;
        public bool FirstFragment;
    }

    private void Push(Frame frame)
    {
        if (frame.Kind != FrameKind.Dataset)
        {
            _depth++;
        }

        _frames.Add(frame);
    }

    private void Pop()
    {
        if (_frames[^1].Kind != FrameKind.Dataset)
        {
            _depth--;
        }

        _frames.RemoveAt(_frames.Count - 1);
    }

    private void CheckDepth(DicomTag tag)
    {
        if (_depth + 1 > _options.MaxDepth)
        {
            ThrowHelper.ThrowParse(DicomParseError.NestingTooDeep, Offset, tag, $"sequences nest deeper than {_options.MaxDepth}");
        }
    }

    /// <summary>The tightest end position in force: the nearest defined-length container, else the input end, else none (−1).</summary>
    private long ContainerEnd()
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            if (_frames[i].End >= 0)
            {
                return _frames[i].End;
            }
        }

        return _inputEnd ?? -1;
    }

    private void CheckValueLength(Frame frame, DicomElementHeader header)
    {
        if (header.Length > _options.MaxElementLength)
        {
            ThrowHelper.ThrowParse(DicomParseError.ElementTooLong, Offset, header.Tag, $"length {header.Length} exceeds the limit of {_options.MaxElementLength}");
        }

        _ = frame;
        CheckFits(header.Tag, Offset + header.HeaderLength + (long)header.Length);
    }

    /// <summary>Checks a sequence or item header against its container and returns its end, or −1 when undefined.</summary>
    private long CheckContainer(Frame frame, DicomElementHeader header)
    {
        _ = frame;
        CheckFits(header.Tag, Offset + header.HeaderLength);
        if (header.HasUndefinedLength)
        {
            return -1;
        }

        var end = Offset + header.HeaderLength + (long)header.Length;
        CheckFits(header.Tag, end);
        return end;
    }

    private void CheckFits(DicomTag tag, long end)
    {
        var limit = ContainerEnd();
        if (limit >= 0 && end > limit)
        {
            ThrowHelper.ThrowParse(DicomParseError.LengthExceedsContainer, Offset, tag, $"ends at {end}, past its container's end at {limit}");
        }

        if (_inputEnd is { } inputEnd && end > inputEnd)
        {
            ThrowHelper.ThrowParse(DicomParseError.LengthExceedsContainer, Offset, tag, $"ends at {end}, past the end of the input at {inputEnd}");
        }
    }

    private void Consume(ref SequenceReader<byte> reader, int count)
    {
        reader.Advance(count);
        Offset += count;
    }

    /// <summary>Takes a value whose bytes are all buffered (checked by the caller), swapping to little endian when <paramref name="swapUnit"/> &gt; 1.</summary>
    private ReadOnlyMemory<byte> TakeValue(ref SequenceReader<byte> reader, int length, int swapUnit)
    {
        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (_retainInput && swapUnit == 1)
        {
            var slice = reader.UnreadSequence.Slice(0, length);
            if (slice.IsSingleSegment)
            {
                Consume(ref reader, length);
                return slice.First;
            }
        }

        var value = GC.AllocateUninitializedArray<byte>(length);
        reader.TryCopyTo(value);
        Consume(ref reader, length);
        if (swapUnit > 1)
        {
            DicomByteSwap.SwapInPlace(value, swapUnit);
        }

        return value;
    }

    private void AddTo(DicomDataset dataset, DicomElement element, long offset)
    {
        if (!dataset.TryAdd(element))
        {
            ThrowHelper.ThrowParse(DicomParseError.DuplicateTag, offset, element.Tag, "the tag occurs twice in one dataset");
        }
    }

    private static DicomTag? PeekTagOrNull(ref SequenceReader<byte> reader, Frame frame) =>
        DicomElementHeader.TryPeekTag(ref reader, frame.BigEndian, out var tag) ? tag : frame.Tag == default ? null : frame.Tag;
}
