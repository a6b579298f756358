namespace Archive.Dicom.Text;

/// <summary>Every code element of every ISO 2022 defined term, to recognise escapes a file uses without declaring them.</summary>
internal static class KnownElements
{
    public static readonly CodeElement[] All = BuildAll();

    private static CodeElement[] BuildAll()
    {
        var terms = new[]
        {
            "ISO 2022 IR 6", "ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149", "ISO 2022 IR 58",
            "ISO 2022 IR 100", "ISO 2022 IR 101", "ISO 2022 IR 109", "ISO 2022 IR 110", "ISO 2022 IR 144",
            "ISO 2022 IR 127", "ISO 2022 IR 126", "ISO 2022 IR 138", "ISO 2022 IR 148", "ISO 2022 IR 203", "ISO 2022 IR 166",
        };
        var elements = new List<CodeElement>();
        foreach (var term in terms)
        {
            if (CharacterSetTerms.TryGet(term, out var definition, out _))
            {
                foreach (var element in new[] { definition.G0, definition.G1 })
                {
                    if (element is not null && !elements.Any(e => e.Escape.AsSpan().SequenceEqual(element.Escape)))
                    {
                        elements.Add(element);
                    }
                }
            }
        }

        return [.. elements];
    }
}
