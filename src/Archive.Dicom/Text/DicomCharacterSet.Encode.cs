using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Text;

public sealed partial class DicomCharacterSet
{
    /// <summary>
    /// Encodes a text value (no padding added). VRs kept in the default repertoire are encoded as
    /// ASCII. With code extensions, each character goes to the first declared set that has it,
    /// escape sequences are written only when the designation changes, and G0 is switched back to
    /// the initial set before every reset delimiter and at the end of the value, as PS3.5
    /// §6.1.2.5.3 requires. Characters no declared set contains become "?".
    /// </summary>
    public byte[] Encode(string text, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        if (!DicomVRInfo.UsesSpecificCharacterSet(vr))
        {
            return Encoding.ASCII.GetBytes(text);
        }

        if (!UsesCodeExtensions)
        {
            return _first.Encoding!.GetBytes(text);
        }

        return EncodeIso2022(text, vr);
    }

    private byte[] EncodeIso2022(string text, DicomVR vr)
    {
        var output = new List<byte>(text.Length * 2);
        var g0 = _initialG0;
        var g1 = _initialG1;
        Span<byte> buffer = stackalloc byte[8];
        for (var i = 0; i < text.Length; i++)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var character = text.AsSpan(i, length);
            i += length - 1;

            if (length == 1 && text[i] < 0x80 && IsResetDelimiter((byte)text[i], vr))
            {
                if (g0 != _initialG0)
                {
                    output.AddRange(_initialG0.Escape);
                }

                output.Add((byte)text[i]);
                g0 = _initialG0;
                g1 = _initialG1;
                continue;
            }

            // Prefer the sets already designated, then the declared ones in order.
            if (Emit(g0, character, buffer, output) || (g1 is not null && Emit(g1, character, buffer, output)))
            {
                continue;
            }

            var encoded = false;
            foreach (var element in _elements)
            {
                if (element.TryEncode(character, buffer, out var written))
                {
                    output.AddRange(element.Escape);
                    if (element.IsG1)
                    {
                        g1 = element;
                    }
                    else
                    {
                        g0 = element;
                    }

                    output.AddRange(buffer[..written]);
                    encoded = true;
                    break;
                }
            }

            if (!encoded)
            {
                if (g0.IsDoubleByte)
                {
                    output.AddRange(_initialG0.Escape);
                    g0 = _initialG0;
                }

                output.Add((byte)'?');
            }
        }

        if (g0 != _initialG0)
        {
            output.AddRange(_initialG0.Escape);
        }

        return [.. output];
    }

    private static bool Emit(CodeElement element, ReadOnlySpan<char> character, Span<byte> buffer, List<byte> output)
    {
        if (!element.TryEncode(character, buffer, out var written))
        {
            return false;
        }

        output.AddRange(buffer[..written]);
        return true;
    }
}
