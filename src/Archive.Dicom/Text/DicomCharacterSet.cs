using System.Text;
using Archive.Dicom.Model;

namespace Archive.Dicom.Text;

/// <summary>
/// Decodes and encodes text values under a dataset's Specific Character Set (0008,0005),
/// PS3.5 §6.1 and PS3.3 C.12.1.1.2: single-byte sets (ISO_IR 6/100/101/109/110/126/127/138/144/
/// 148/166/203/13), multi-byte sets without code extensions (ISO_IR 192 UTF-8, GB18030, GBK) and
/// ISO 2022 code extensions (Japanese IR 13/87/159, Korean IR 149, Chinese IR 58, and the
/// single-byte sets as G1), with escape sequences switching G0/G1 within a value and the return
/// to the initial sets at CR, LF, TAB, FF, the value delimiter and, for PN, the "^" and "=" delimiters.
/// Immutable and thread-safe. Never throws on data: unknown terms fall back to the default
/// repertoire and are reported in <see cref="Diagnostics"/>; undecodable bytes become U+FFFD and
/// unencodable characters "?".
/// </summary>
public sealed partial class DicomCharacterSet
{
    private readonly CharacterSetTerm _first;
    private readonly CodeElement _initialG0;
    private readonly CodeElement? _initialG1;
    private readonly CodeElement[] _elements;

    private DicomCharacterSet(IReadOnlyList<string> terms, CharacterSetTerm first, bool usesCodeExtensions, CodeElement[] elements, IReadOnlyList<string> diagnostics)
    {
        Terms = terms;
        _first = first;
        UsesCodeExtensions = usesCodeExtensions;
        _elements = elements;
        _initialG0 = first.G0 ?? CodeElement.Ascii;
        _initialG1 = first.G1;
        Diagnostics = diagnostics;
    }

    /// <summary>The default repertoire (ISO_IR 6; no Specific Character Set).</summary>
    public static DicomCharacterSet Default { get; } = new(["ISO_IR 6"], CharacterSetTerms.Default, false, [CodeElement.Ascii], []);

    /// <summary>The terms as given (trimmed), empty first value kept as "".</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>True when the value uses ISO 2022 code extensions (escape sequences).</summary>
    public bool UsesCodeExtensions { get; }

    /// <summary>What was wrong with the terms (unknown, misspelt, not combinable); empty when they were valid.</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    /// <summary>Builds the character set from the raw value of (0008,0005): terms separated by "\".</summary>
    public static DicomCharacterSet FromSpecificCharacterSet(string? value) =>
        string.IsNullOrWhiteSpace(value?.Trim('\0')) ? Default : FromSpecificCharacterSet(value.TrimEnd('\0', ' ').Split('\\'));

    /// <summary>
    /// Builds the character set from the values of (0008,0005). No values, or a single empty
    /// one, is the default repertoire. Unknown terms are reported and ignored (an unknown first
    /// term means the default repertoire).
    /// </summary>
    public static DicomCharacterSet FromSpecificCharacterSet(IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0 || (values.Count == 1 && string.IsNullOrWhiteSpace(values[0])))
        {
            return Default;
        }

        var terms = values.Select(v => v.Trim(' ', '\0')).ToArray();
        var diagnostics = new List<string>();
        var definitions = new List<CharacterSetTerm>(terms.Length);
        for (var i = 0; i < terms.Length; i++)
        {
            var term = terms[i];
            if (term.Length == 0)
            {
                // An empty first value with extensions means ISO 2022 IR 6 (PS3.3 C.12.1.1.2).
                if (i == 0)
                {
                    definitions.Add(Lookup("ISO 2022 IR 6"));
                }

                continue;
            }

            if (CharacterSetTerms.TryGet(term, out var definition, out var normalized))
            {
                if (normalized)
                {
                    diagnostics.Add($"Specific Character Set term '{term}' is not a defined term; read as '{definition.Term}'");
                }

                definitions.Add(definition);
            }
            else
            {
                diagnostics.Add($"unknown Specific Character Set term '{term}'; ignored");
                if (i == 0)
                {
                    definitions.Add(CharacterSetTerms.Default);
                }
            }
        }

        var first = definitions.Count > 0 ? definitions[0] : CharacterSetTerms.Default;
        if (definitions.Count == 1 || first.IsMultiByteWithoutExtensions)
        {
            if (definitions.Count > 1)
            {
                diagnostics.Add($"'{first.Term}' does not allow code extensions; further terms ignored");
            }

            return new DicomCharacterSet(terms, first, false, [.. new[] { first.G0, first.G1 }.OfType<CodeElement>()], diagnostics);
        }

        // Several terms: ISO 2022. Non-2022 spellings of single-byte sets are taken as their 2022 form.
        var extended = new List<CharacterSetTerm>();
        foreach (var definition in definitions)
        {
            if (definition.IsMultiByteWithoutExtensions)
            {
                diagnostics.Add($"'{definition.Term}' cannot be combined with code extensions; ignored");
                continue;
            }

            if (!definition.IsIso2022)
            {
                var as2022 = Lookup(definition.Term.Replace("ISO_IR", "ISO 2022 IR", StringComparison.Ordinal));
                diagnostics.Add($"'{definition.Term}' used with code extensions; read as '{as2022.Term}'");
                extended.Add(as2022);
            }
            else
            {
                extended.Add(definition);
            }
        }

        var elements = extended.SelectMany(d => new[] { d.G0, d.G1 }).OfType<CodeElement>().Distinct().ToArray();
        return new DicomCharacterSet(terms, extended.Count > 0 ? extended[0] : Lookup("ISO 2022 IR 6"), true, elements, diagnostics);
    }

    private static CharacterSetTerm Lookup(string term) =>
        CharacterSetTerms.TryGet(term, out var definition, out _) ? definition : CharacterSetTerms.Default;

    /// <summary>True when <paramref name="b"/> returns ISO 2022 decoding to the initial sets for values of <paramref name="vr"/>.</summary>
    private static bool IsResetDelimiter(byte b, DicomVR vr) => b switch
    {
        (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' => true,
        (byte)'\\' => vr is not (DicomVR.LT or DicomVR.ST or DicomVR.UT),
        (byte)'^' or (byte)'=' => vr == DicomVR.PN,
        _ => false,
    };

    public override string ToString() => string.Join('\\', Terms);
}
