using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Archive.Dicom.Network.Association;

namespace Archive.Dicom.Network.Dimse;

/// <summary>
/// Encodes and decodes DIMSE command sets: group 0000 only, implicit VR little endian, led by the group length
/// (PS3.7 §6.3, §9.3). A deliberately tiny codec: the command set is a different, closed format from datasets.
/// Stateless and thread-safe.
/// </summary>
public static class CommandSetCodec
{
    /// <summary>Largest single command element value accepted (the biggest legitimate ones are AT lists).</summary>
    public const int MaxElementLength = 16 * 1024;

    public static byte[] Encode(DimseCommand command)
    {
        var body = new ArrayBufferWriter<byte>(256);
        WriteUid(body, 0x0002, command.AffectedSopClassUid);
        WriteUid(body, 0x0003, command.RequestedSopClassUid);
        WriteUS(body, 0x0100, (ushort)command.CommandField);
        WriteUS(body, 0x0110, command.MessageId);
        WriteUS(body, 0x0120, command.MessageIdBeingRespondedTo);
        WriteText(body, 0x0600, command.MoveDestination);
        WriteUS(body, 0x0700, (ushort?)command.Priority);
        WriteUS(body, 0x0800, command.CommandDataSetType);
        WriteUS(body, 0x0900, command.Status?.Code);
        WriteTags(body, 0x0901, command.OffendingElements);
        WriteText(body, 0x0902, FitErrorComment(command.ErrorComment));
        WriteUS(body, 0x0903, command.ErrorId);
        WriteUid(body, 0x1000, command.AffectedSopInstanceUid);
        WriteUid(body, 0x1001, command.RequestedSopInstanceUid);
        WriteUS(body, 0x1002, command.EventTypeId);
        WriteTags(body, 0x1005, command.AttributeIdentifiers);
        WriteUS(body, 0x1008, command.ActionTypeId);
        WriteUS(body, 0x1020, command.RemainingSubOperations);
        WriteUS(body, 0x1021, command.CompletedSubOperations);
        WriteUS(body, 0x1022, command.FailedSubOperations);
        WriteUS(body, 0x1023, command.WarningSubOperations);
        WriteText(body, 0x1030, command.MoveOriginatorAeTitle);
        WriteUS(body, 0x1031, command.MoveOriginatorMessageId);

        var result = new byte[12 + body.WrittenCount];
        WriteHeader(result, 0x0000, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)body.WrittenCount);
        body.WrittenSpan.CopyTo(result.AsSpan(12));
        return result;
    }

    /// <summary>
    /// Decodes a whole command set. Throws <see cref="Pdu.DicomProtocolException"/> on elements outside group
    /// 0000, lengths past the end or over <see cref="MaxElementLength"/>, or a missing Command Field.
    /// Unknown group-0000 elements are skipped.
    /// </summary>
    public static DimseCommand Decode(ReadOnlySequence<byte> bytes)
    {
        var reader = new SequenceReader<byte>(bytes);
        var c = new Builder();
        while (reader.Remaining > 0)
        {
            if (reader.Remaining < 8)
            {
                ThrowBad("truncated command element header");
            }

            reader.TryReadLittleEndian(out short group);
            reader.TryReadLittleEndian(out short element);
            reader.TryReadLittleEndian(out int rawLength);

            uint length = (uint)rawLength;
            if (group != 0 || length > MaxElementLength || length > reader.Remaining)
            {
                ThrowBad($"command element (0000,{(ushort)element:X4}) group {(ushort)group:X4} length {length}");
            }

            var value = reader.UnreadSequence.Slice(0, length);
            reader.Advance(length);
            c.Set((ushort)element, value);
        }

        return c.Build();
    }

    private static void WriteHeader(Span<byte> span, ushort element, uint length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], length);
    }

    private static void WriteUS(ArrayBufferWriter<byte> w, ushort element, ushort? value)
    {
        if (value is not { } v)
        {
            return;
        }

        var span = w.GetSpan(10);
        WriteHeader(span, element, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], v);
        w.Advance(10);
    }

    private static void WriteUid(ArrayBufferWriter<byte> w, ushort element, string? value) => WriteString(w, element, value, 0);

    /// <summary>
    /// An Error Comment (0000,0902) is one LO value of at most 64 characters: a backslash (the value delimiter) becomes
    /// '/', and a longer comment is cut at a word and marked "...", so a peer's log shows words, not a fragment of one.
    /// </summary>
    internal static string? FitErrorComment(string? comment)
    {
        const int Max = 64, Marker = 3;
        comment = comment?.Replace('\\', '/');
        if (comment is not { Length: > Max })
        {
            return comment;
        }

        var cut = comment[..(Max - Marker)];
        var space = cut.LastIndexOf(' ');
        return (space >= Max / 2 ? cut[..space] : cut).TrimEnd(' ', ',', ';', ':', '(') + "...";
    }

    private static void WriteText(ArrayBufferWriter<byte> w, ushort element, string? value) => WriteString(w, element, value, (byte)' ');

    private static void WriteString(ArrayBufferWriter<byte> w, ushort element, string? value, byte pad)
    {
        if (value is null)
        {
            return;
        }

        int length = value.Length + (value.Length & 1);
        var span = w.GetSpan(8 + length);
        WriteHeader(span, element, (uint)length);
        Encoding.ASCII.GetBytes(value, span[8..]);
        if ((value.Length & 1) != 0)
        {
            span[8 + value.Length] = pad;
        }

        w.Advance(8 + length);
    }

    private static void WriteTags(ArrayBufferWriter<byte> w, ushort element, IReadOnlyList<uint>? tags)
    {
        if (tags is null)
        {
            return;
        }

        var span = w.GetSpan(8 + (4 * tags.Count));
        WriteHeader(span, element, (uint)(4 * tags.Count));
        for (int i = 0; i < tags.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[(8 + (4 * i))..], (ushort)(tags[i] >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(span[(10 + (4 * i))..], (ushort)tags[i]);
        }

        w.Advance(8 + (4 * tags.Count));
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBad(string message) =>
        ThrowHelper.ThrowProtocol(AssociationFailure.InvalidPduParameterValue, "bad command set: " + message);

    private sealed class Builder
    {
        private readonly Dictionary<ushort, ushort> _us = [];
        private readonly Dictionary<ushort, string> _text = [];
        private readonly Dictionary<ushort, uint[]> _tags = [];

        public void Set(ushort element, ReadOnlySequence<byte> value)
        {
            switch (element)
            {
                case 0x0000:
                    break;
                case 0x0002 or 0x0003 or 0x0600 or 0x0902 or 0x1000 or 0x1001 or 0x1030:
                    _text[element] = Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
                    break;
                case 0x0901 or 0x1005:
                    var tags = new uint[value.Length / 4];
                    var r = new SequenceReader<byte>(value);
                    for (int i = 0; i < tags.Length; i++)
                    {
                        r.TryReadLittleEndian(out short g);
                        r.TryReadLittleEndian(out short e);
                        tags[i] = ((uint)(ushort)g << 16) | (ushort)e;
                    }

                    _tags[element] = tags;
                    break;
                default:
                    if (value.Length == 2)
                    {
                        Span<byte> b = stackalloc byte[2];
                        value.CopyTo(b);
                        _us[element] = BinaryPrimitives.ReadUInt16LittleEndian(b);
                    }

                    break;
            }
        }

        public DimseCommand Build()
        {
            if (!_us.TryGetValue(0x0100, out ushort field))
            {
                ThrowBad("no Command Field (0000,0100)");
            }

            return new DimseCommand
            {
                CommandField = (DimseCommandField)field,
                AffectedSopClassUid = Text(0x0002),
                RequestedSopClassUid = Text(0x0003),
                MessageId = US(0x0110),
                MessageIdBeingRespondedTo = US(0x0120),
                MoveDestination = Text(0x0600),
                Priority = (DimsePriority?)US(0x0700),
                CommandDataSetType = US(0x0800) ?? DimseCommand.NoDataSet,
                Status = US(0x0900) is { } s ? new DimseStatus(s) : null,
                OffendingElements = _tags.GetValueOrDefault((ushort)0x0901),
                ErrorComment = Text(0x0902),
                ErrorId = US(0x0903),
                AffectedSopInstanceUid = Text(0x1000),
                RequestedSopInstanceUid = Text(0x1001),
                EventTypeId = US(0x1002),
                AttributeIdentifiers = _tags.GetValueOrDefault((ushort)0x1005),
                ActionTypeId = US(0x1008),
                RemainingSubOperations = US(0x1020),
                CompletedSubOperations = US(0x1021),
                FailedSubOperations = US(0x1022),
                WarningSubOperations = US(0x1023),
                MoveOriginatorAeTitle = Text(0x1030),
                MoveOriginatorMessageId = US(0x1031),
            };
        }

        private ushort? US(ushort element) => _us.TryGetValue(element, out ushort v) ? v : null;

        private string? Text(ushort element) => _text.GetValueOrDefault(element);
    }
}
