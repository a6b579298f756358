using System.Text;

namespace Archive.Dicom.Text;

/// <summary>
/// A defined term of Specific Character Set (0008,0005), PS3.3 Tables C.12-2 to C.12-5. A term
/// without code extensions has one <see cref="Encoding"/> for the whole value; a term with code
/// extensions ("ISO 2022 …") contributes the code elements it designates into G0 and/or G1.
/// Immutable.
/// </summary>
internal sealed record CharacterSetTerm(string Term, Encoding? Encoding, bool IsIso2022, CodeElement? G0, CodeElement? G1)
{
    /// <summary>Multi-byte terms that forbid code extensions (ISO_IR 192, GB18030, GBK).</summary>
    public bool IsMultiByteWithoutExtensions => !IsIso2022 && Encoding is not null && !Encoding.IsSingleByte;
}
