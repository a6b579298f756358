using System.Buffers;
using Archive.Dicom.Model;

namespace Archive.Dicom.IO;

/// <summary>
/// What a receiver must refuse before it acknowledges a dataset that a header-only read (<see cref="DicomFileReader.ReadHeaderAsync"/>)
/// accepted: a value of odd length (PS3.5 §7.1.1; peers reject the odd PDV it makes), and, from Pixel Data to the end,
/// the part that read skipped, an element whose value runs past the end of what arrived (a truncated send) or one out of
/// ascending tag order (it would escape the catalog). The tail is
/// walked by element headers only, encapsulated fragments and undefined-length sequences to their delimiters, so a
/// 1 GB multi-frame costs a few reads. Stateless; thread-safe.
/// </summary>
public static class DicomStructureCheck
{
    /// <summary>The first element of <paramref name="dataset"/> (nested items included) whose value has an odd length, or null.</summary>
    public static DicomTag? FirstOddLength(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomValueElement value when (value.Length & 1) == 1:
                    return value.Tag;
                case DicomSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        if (FirstOddLength(item.Dataset) is { } inner)
                        {
                            return inner;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// Null when the elements in <paramref name="stream"/> from <paramref name="offset"/> to <paramref name="end"/> (the
    /// tail a header-only read stopped at) are whole and of even length; otherwise what is wrong, for an error comment.
    /// Not for deflated syntaxes (the stream holds the deflated bytes).
    /// </summary>
    public static string? FindTailProblem(Stream stream, long offset, long end, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(syntax);
        var walk = new Walk(stream, end, syntax);
        try
        {
            var position = offset;
            walk.Elements(ref position, inItem: false, depth: 0);
            return null;
        }
        catch (TailException e)
        {
            return e.Message;
        }
        catch (DicomParseException e)
        {
            return e.Error + " at byte " + e.Offset;
        }
    }

    private sealed class TailException(string message) : Exception(message);

    private sealed class Walk(Stream stream, long end, DicomTransferSyntax syntax)
    {
        private const int MaxDepth = 32;
        private readonly byte[] _buffer = new byte[12];

        public void Elements(ref long position, bool inItem, int depth)
        {
            DicomTag? previous = null;
            while (position < end)
            {
                var header = Header(position);
                if (header.Tag == DicomTag.ItemDelimitationItem && inItem)
                {
                    position += header.HeaderLength;
                    return;
                }

                if (header.Tag.Group == 0xFFFE)
                {
                    throw new TailException($"unexpected {header.Tag} at byte {position}");
                }

                // At the top level, an element after Pixel Data that belongs before it would never reach the catalog
                // (the header-only read stopped there): the dataset is invalid (PS3.5 §7.1: ascending tag order).
                if (!inItem && previous is { } before && header.Tag.CompareTo(before) <= 0)
                {
                    throw new TailException($"{header.Tag} after {before}: out of order"); // short: an error comment holds 64 characters
                }

                previous = header.Tag;

                var valueStart = position + header.HeaderLength;
                if (!header.HasUndefinedLength)
                {
                    position = Skip(header, valueStart);
                }
                else if (header.Tag == DicomTag.PixelData)
                {
                    if (!syntax.IsEncapsulated)
                    {
                        // PS3.5 A.4: fragments only under an encapsulated syntax; a native one's reader takes them for a value.
                        throw new TailException($"{header.Tag} encapsulated in a native syntax");
                    }

                    position = Fragments(valueStart);
                }
                else if (header.VR is DicomVR.SQ or DicomVR.UN or DicomVR.None && depth < MaxDepth)
                {
                    position = Sequence(valueStart, depth + 1);
                }
                else
                {
                    throw new TailException($"{header.Tag} has an undefined length its VR does not allow");
                }
            }

            if (inItem)
            {
                throw new TailException("an item ends without its delimiter (truncated)");
            }
        }

        private long Sequence(long position, int depth)
        {
            while (true)
            {
                var header = Header(position);
                if (header.Tag == DicomTag.SequenceDelimitationItem)
                {
                    return position + header.HeaderLength;
                }

                if (header.Tag != DicomTag.Item)
                {
                    throw new TailException($"{header.Tag} where a sequence item was expected");
                }

                position += header.HeaderLength;
                if (header.HasUndefinedLength)
                {
                    Elements(ref position, inItem: true, depth);
                }
                else
                {
                    position = Skip(header, position);
                }
            }
        }

        private long Fragments(long position)
        {
            while (true)
            {
                var header = Header(position);
                if (header.Tag == DicomTag.SequenceDelimitationItem)
                {
                    return position + header.HeaderLength;
                }

                if (header.Tag != DicomTag.Item || header.HasUndefinedLength)
                {
                    throw new TailException($"{header.Tag} where a pixel data fragment was expected");
                }

                position = Skip(header, position + header.HeaderLength);
            }
        }

        private long Skip(DicomElementHeader header, long valueStart)
        {
            if (header.Length > end - valueStart)
            {
                throw new TailException($"{header.Tag} declares {header.Length} bytes, {Math.Max(0, end - valueStart)} arrived");
            }

            if ((header.Length & 1) == 1)
            {
                throw new TailException($"{header.Tag} has an odd length ({header.Length})");
            }

            return valueStart + header.Length;
        }

        private DicomElementHeader Header(long position)
        {
            var available = (int)Math.Min(_buffer.Length, end - position);
            if (available < 8)
            {
                throw new TailException($"truncated: an element header at byte {position} is cut short");
            }

            stream.Seek(position, SeekOrigin.Begin);
            stream.ReadExactly(_buffer, 0, available);
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_buffer, 0, available));
            if (!DicomElementHeader.TryRead(ref reader, syntax.IsExplicitVR, syntax.IsBigEndian, position, out var header))
            {
                throw new TailException($"truncated: an element header at byte {position} is cut short");
            }

            return header;
        }
    }
}
