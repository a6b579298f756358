using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Text;

public sealed partial class DicomCharacterSet
{
    /// <summary>
    /// Decodes a text value (padding included; the caller trims). VRs that PS3.5 keeps in the
    /// default repertoire (AE, CS, DA, UI…) ignore the Specific Character Set. The default
    /// repertoire decodes bytes ≥ 0x80 as Latin-1, as real files that forget (0008,0005) mean.
    /// </summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (!DicomVRInfo.UsesSpecificCharacterSet(vr) || (!UsesCodeExtensions && _first == CharacterSetTerms.Default))
        {
            return CharacterSetTerms.Latin1.GetString(bytes);
        }

        if (!UsesCodeExtensions)
        {
            return _first.Encoding!.GetString(bytes);
        }

        return DecodeIso2022(bytes, vr);
    }

    private string DecodeIso2022(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var output = new StringBuilder(bytes.Length);
        var g0 = _initialG0;
        var g1 = _initialG1;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == 0x1B)
            {
                if (TryMatchEscape(bytes[i..], out var element))
                {
                    if (element.IsG1)
                    {
                        g1 = element;
                    }
                    else
                    {
                        g0 = element;
                    }

                    i += element.Escape.Length;
                    continue;
                }

                output.Append('\uFFFD');
                i++;
                continue;
            }

            if (b < 0x80)
            {
                if (g0.IsDoubleByte && b is >= 0x21 and <= 0x7E)
                {
                    if (i + 1 < bytes.Length && bytes[i + 1] is >= 0x21 and <= 0x7E)
                    {
                        g0.Decode(bytes.Slice(i, 2), output);
                        i += 2;
                    }
                    else
                    {
                        output.Append('\uFFFD');
                        i++;
                    }

                    continue;
                }

                if (IsResetDelimiter(b, vr))
                {
                    g0 = _initialG0;
                    g1 = _initialG1;
                }

                output.Append((char)b);
                i++;
                continue;
            }

            // GR byte: the G1 set; if none is designated, the first G1 set the terms declare
            // (real Korean files drop the repeated escape after a delimiter).
            var set = g1 ?? FirstG1();
            if (set is null)
            {
                output.Append(CharacterSetTerms.Latin1.GetString(bytes.Slice(i, 1)));
                i++;
            }
            else if (set.IsDoubleByte)
            {
                if (i + 1 < bytes.Length && bytes[i + 1] >= 0xA1)
                {
                    set.Decode(bytes.Slice(i, 2), output);
                    i += 2;
                }
                else
                {
                    output.Append('\uFFFD');
                    i++;
                }
            }
            else
            {
                set.Decode(bytes.Slice(i, 1), output);
                i++;
            }
        }

        return output.ToString();
    }

    private CodeElement? FirstG1()
    {
        foreach (var element in _elements)
        {
            if (element.IsG1)
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>Matches the escape sequence at the start of <paramref name="bytes"/> against the declared sets, then every known set (tolerance).</summary>
    private bool TryMatchEscape(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CodeElement? element)
    {
        foreach (var candidate in _elements)
        {
            if (bytes.StartsWith(candidate.Escape))
            {
                element = candidate;
                return true;
            }
        }

        foreach (var candidate in KnownElements.All)
        {
            if (bytes.StartsWith(candidate.Escape))
            {
                element = candidate;
                return true;
            }
        }

        element = null;
        return false;
    }
}
