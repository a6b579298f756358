using System.Text;

namespace Archive.Dicom.Text;

/// <summary>
/// One graphic character set that ISO 2022 designates into G0 or G1 with an escape sequence
/// (PS3.3 Table C.12-3/C.12-4): how its bytes decode and how text encodes into it. Immutable.
/// </summary>
internal sealed class CodeElement
{
    private readonly Encoding _encoding;
    private readonly Kind _kind;

    private CodeElement(string name, bool isG1, byte[] escape, Kind kind, Encoding encoding)
    {
        Name = name;
        IsG1 = isG1;
        Escape = escape;
        _kind = kind;
        _encoding = encoding;
    }

    private enum Kind
    {
        /// <summary>7-bit single-byte in G0 (ASCII, JIS X 0201 romaji).</summary>
        SingleG0,

        /// <summary>Single-byte 96- or 94-character set in G1 (ISO 8859 upper halves, JIS X 0201 katakana, TIS 620).</summary>
        SingleG1,

        /// <summary>JIS X 0208 in G0: 7-bit byte pairs, decoded as EUC-JP with both high bits set.</summary>
        Jis0208,

        /// <summary>JIS X 0212 in G0: 7-bit byte pairs, decoded by code page 20932 with the first high bit set.</summary>
        Jis0212,

        /// <summary>A 94×94 set in G1 (KS X 1001, GB 2312): byte pairs with high bits set, as EUC.</summary>
        DoubleG1,
    }

    /// <summary>Diagnostic name, e.g. "JIS X 0208".</summary>
    public string Name { get; }

    /// <summary>True when designated to G1 (bytes 0xA0-0xFF), false for G0 (0x21-0x7E).</summary>
    public bool IsG1 { get; }

    /// <summary>The escape sequence that designates it, ESC included.</summary>
    public byte[] Escape { get; }

    /// <summary>Characters take two bytes.</summary>
    public bool IsDoubleByte => _kind is Kind.Jis0208 or Kind.Jis0212 or Kind.DoubleG1;

    public static CodeElement Ascii { get; } = new("ASCII", false, [0x1B, 0x28, 0x42], Kind.SingleG0, Encoding.ASCII);

    public static CodeElement JisRomaji { get; } = new("JIS X 0201 Romaji", false, [0x1B, 0x28, 0x4A], Kind.SingleG0, Encoding.ASCII);

    public static CodeElement JisKatakana(Encoding shiftJis) => new("JIS X 0201 Katakana", true, [0x1B, 0x29, 0x49], Kind.SingleG1, shiftJis);

    public static CodeElement Jis0208(Encoding eucJp) => new("JIS X 0208", false, [0x1B, 0x24, 0x42], Kind.Jis0208, eucJp);

    public static CodeElement Jis0212(Encoding eucJp) => new("JIS X 0212", false, [0x1B, 0x24, 0x28, 0x44], Kind.Jis0212, eucJp);

    public static CodeElement Ksc5601(Encoding eucKr) => new("KS X 1001", true, [0x1B, 0x24, 0x29, 0x43], Kind.DoubleG1, eucKr);

    public static CodeElement Gb2312(Encoding gb2312) => new("GB 2312", true, [0x1B, 0x24, 0x29, 0x41], Kind.DoubleG1, gb2312);

    /// <summary>The upper half of a single-byte set, designated by ESC - <paramref name="final"/>.</summary>
    public static CodeElement UpperHalf(string name, byte final, Encoding encoding) => new(name, true, [0x1B, 0x2D, final], Kind.SingleG1, encoding);

    /// <summary>Decodes one character's bytes (1 or 2, as read from the stream) into <paramref name="output"/>.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, StringBuilder output)
    {
        Span<byte> buffer = stackalloc byte[2];
        Span<char> chars = stackalloc char[4];
        scoped ReadOnlySpan<byte> source = bytes;
        switch (_kind)
        {
            case Kind.SingleG0:
                output.Append((char)bytes[0]);
                return;
            case Kind.Jis0208:
                buffer[0] = (byte)(bytes[0] | 0x80);
                buffer[1] = (byte)(bytes[1] | 0x80);
                source = buffer;
                break;
            case Kind.Jis0212:
                buffer[0] = (byte)(bytes[0] | 0x80);
                buffer[1] = (byte)(bytes[1] & 0x7F);
                source = buffer;
                break;
        }

        var count = _encoding.GetChars(source, chars);
        output.Append(chars[..count]);
    }

    /// <summary>
    /// Encodes one character (or surrogate pair) into the bytes this set puts on the wire; false
    /// when the set does not contain it.
    /// </summary>
    public bool TryEncode(ReadOnlySpan<char> character, Span<byte> destination, out int written)
    {
        written = 0;
        if (_kind == Kind.SingleG0)
        {
            if (character.Length == 1 && character[0] is >= (char)0x20 and < (char)0x7F or '\r' or '\n' or '\t' or '\f')
            {
                destination[0] = (byte)character[0];
                written = 1;
                return true;
            }

            return false;
        }

        Span<byte> bytes = stackalloc byte[8];
        int count;
        try
        {
            count = _encoding.GetBytes(character, bytes);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }

        switch (_kind)
        {
            case Kind.SingleG1 when count == 1 && bytes[0] >= 0xA0:
                destination[0] = bytes[0];
                written = 1;
                return true;
            case Kind.Jis0208 when count == 2 && bytes[0] >= 0xA1 && bytes[1] >= 0xA1:
            case Kind.Jis0212 when count == 2 && bytes[0] >= 0xA1 && bytes[1] is >= 0x21 and <= 0x7E:
                destination[0] = (byte)(bytes[0] & 0x7F);
                destination[1] = (byte)(bytes[1] & 0x7F);
                written = 2;
                return true;
            case Kind.DoubleG1 when count == 2 && bytes[0] >= 0xA1 && bytes[1] >= 0xA1:
                destination[0] = bytes[0];
                destination[1] = bytes[1];
                written = 2;
                return true;
            default:
                return false;
        }
    }

    public override string ToString() => Name;
}
