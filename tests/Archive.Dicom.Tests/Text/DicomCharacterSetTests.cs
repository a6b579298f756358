using System.Globalization;
using Archive.Dicom.Model;
using Archive.Dicom.Text;

namespace Archive.Dicom.Tests.Text;

public sealed class DicomCharacterSetTests
{
    /// <summary>Bytes written as the standard writes them, column/row: "05/09 06/01".</summary>
    private static byte[] FromColumnRow(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(cr => (byte)((int.Parse(cr[..2], CultureInfo.InvariantCulture) << 4) | int.Parse(cr[3..], CultureInfo.InvariantCulture)))
        .ToArray();

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    // PS3.5 H.3.1: Specific Character Set "\ISO 2022 IR 87".
    private static readonly byte[] JapaneseH31 = FromColumnRow(
        "05/09 06/01 06/13 06/01 06/04 06/01 05/14 05/04 06/01 07/02 06/15 07/05 03/13 " +
        "01/11 02/04 04/02 03/11 03/03 04/05 04/04 01/11 02/08 04/02 05/14 01/11 02/04 " +
        "04/02 04/02 04/00 04/15 03/10 01/11 02/08 04/02 03/13 01/11 02/04 04/02 02/04 " +
        "06/04 02/04 05/14 02/04 04/00 01/11 02/08 04/02 05/14 01/11 02/04 04/02 02/04 " +
        "03/15 02/04 06/13 02/04 02/06 01/11 02/08 04/02");

    // PS3.5 H.3.2: Specific Character Set "ISO 2022 IR 13\ISO 2022 IR 87" (half-width katakana in G1, JIS X 0201 romaji in G0).
    private static readonly byte[] JapaneseH32 = Hex(
        "D4 CF C0 DE 5E C0 DB B3 3D 1B 24 42 3B 33 45 44 1B 28 4A 5E 1B 24 42 42 40 4F 3A 1B 28 4A 3D " +
        "1B 24 42 24 64 24 5E 24 40 1B 28 4A 5E 1B 24 42 24 3F 24 6D 24 26 1B 28 4A");

    // PS3.5 I.2: Specific Character Set "\ISO 2022 IR 149".
    private static readonly byte[] KoreanI2 = Hex(
        "48 6F 6E 67 5E 47 69 6C 64 6F 6E 67 3D 1B 24 29 43 FB F3 5E 1B 24 29 43 D1 CE D4 D7 3D " +
        "1B 24 29 43 C8 AB 5E 1B 24 29 43 B1 E6 B5 BF");

    // PS3.5 J.1: Specific Character Set "GB18030".
    private static readonly byte[] ChineseJ1 = Hex("57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D CD F5 5E D0 A1 B6 AB 3D");

    // PS3.5 K.1: Specific Character Set "\ISO 2022 IR 58".
    private static readonly byte[] ChineseK1 = Hex(
        "5A 68 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D 1B 24 29 41 D5 C5 5E 1B 24 29 41 D0 A1 B6 AB 3D");

    [Fact]
    public void Decode_JapaneseAnnexH31_ReturnsThreeGroups()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87");
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", cs.Decode(JapaneseH31, DicomVR.PN));
    }

    [Fact]
    public void Encode_JapaneseAnnexH31_GivesTheStandardsBytes()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87");
        Assert.Equal(JapaneseH31, cs.Encode("Yamada^Tarou=山田^太郎=やまだ^たろう", DicomVR.PN));
    }

    [Fact]
    public void Decode_JapaneseAnnexH32_ReturnsKatakanaAndKanji()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"ISO 2022 IR 13\ISO 2022 IR 87");
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", cs.Decode(JapaneseH32, DicomVR.PN));
    }

    [Fact]
    public void Encode_JapaneseAnnexH32_GivesTheStandardsBytes()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"ISO 2022 IR 13\ISO 2022 IR 87");
        Assert.Equal(JapaneseH32, cs.Encode("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", DicomVR.PN));
    }

    [Fact]
    public void Decode_KoreanAnnexI2_ReturnsHanjaAndHangul()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 149");
        Assert.Equal("Hong^Gildong=洪^吉洞=홍^길동", cs.Decode(KoreanI2, DicomVR.PN));
    }

    [Fact]
    public void Encode_KoreanAnnexI2_GivesTheStandardsBytes()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 149");
        Assert.Equal(KoreanI2, cs.Encode("Hong^Gildong=洪^吉洞=홍^길동", DicomVR.PN));
    }

    [Fact]
    public void Decode_KoreanWithoutRepeatedEscape_UsesDeclaredG1()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 149");
        Assert.Equal("Hong^Gildong=洪^吉洞", cs.Decode(Hex("48 6F 6E 67 5E 47 69 6C 64 6F 6E 67 3D 1B 24 29 43 FB F3 5E D1 CE D4 D7"), DicomVR.PN));
    }

    [Fact]
    public void Decode_ChineseAnnexJ1Gb18030_ReturnsIdeographic()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet("GB18030");
        Assert.Equal("Wang^XiaoDong=王^小东=", cs.Decode(ChineseJ1, DicomVR.PN));
        Assert.Equal(ChineseJ1, cs.Encode("Wang^XiaoDong=王^小东=", DicomVR.PN));
    }

    [Fact]
    public void Decode_ChineseAnnexK1Iso2022Ir58_ReturnsIdeographic()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 58");
        Assert.Equal("Zhang^XiaoDong=张^小东=", cs.Decode(ChineseK1, DicomVR.PN));
        Assert.Equal(ChineseK1, cs.Encode("Zhang^XiaoDong=张^小东=", DicomVR.PN));
    }

    [Theory]
    [InlineData("ISO_IR 100", "Buc^Jérôme", "42 75 63 5E 4A E9 72 F4 6D 65")]
    [InlineData("ISO_IR 101", "Wałęsa", "57 61 B3 EA 73 61")]
    [InlineData("ISO_IR 109", "Ġgantija", "D5 67 61 6E 74 69 6A 61")]
    [InlineData("ISO_IR 110", "Ķūts", "D3 FE 74 73")]
    [InlineData("ISO_IR 144", "Люкceмбypг", "BB EE DA 63 65 DC D1 79 70 D3")]
    [InlineData("ISO_IR 148", "Çavuşoğlu", "C7 61 76 75 FE 6F F0 6C 75")]
    [InlineData("ISO_IR 126", "Διονυσιος", "C4 E9 EF ED F5 F3 E9 EF F2")]
    [InlineData("ISO_IR 192", "Wang^XiaoDong=王^小東", "57 61 6E 67 5E 58 69 61 6F 44 6F 6E 67 3D E7 8E 8B 5E E5 B0 8F E6 9D B1")]
    [InlineData("GBK", "王^小东", "CD F5 5E D0 A1 B6 AB")]
    public void DecodeEncode_SingleTermSet_RoundTrips(string term, string text, string hex)
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(term);
        Assert.Equal(text, cs.Decode(Hex(hex), DicomVR.PN));
        Assert.Equal(Hex(hex), cs.Encode(text, DicomVR.PN));
        Assert.Empty(cs.Diagnostics);
    }

    [Fact]
    public void Decode_Iso2022Latin1InG1_DecodesUpperHalf()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"ISO 2022 IR 100\ISO 2022 IR 87");
        var bytes = cs.Encode("Jérôme=山田", DicomVR.PN);
        Assert.Equal("Jérôme=山田", cs.Decode(bytes, DicomVR.PN));
    }

    [Fact]
    public void Decode_Iso2022Ir159_DecodesSupplementaryKanji()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87\ISO 2022 IR 159");
        var bytes = cs.Encode("丂^山", DicomVR.PN);
        Assert.Equal(Hex("1B 24 28 44 30 21 1B 28 42 5E 1B 24 42 3B 33 1B 28 42"), bytes);
        Assert.Equal("丂^山", cs.Decode(bytes, DicomVR.PN));
    }

    [Fact]
    public void Decode_TextWithLineBreaks_ResetsAtControlCharacters()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87");
        var bytes = cs.Encode("山田\r\n太郎", DicomVR.LT);
        Assert.Equal(Hex("1B 24 42 3B 33 45 44 1B 28 42 0D 0A 1B 24 42 42 40 4F 3A 1B 28 42"), bytes);
        Assert.Equal("山田\r\n太郎", cs.Decode(bytes, DicomVR.LT));
    }

    [Fact]
    public void Decode_DefaultRepertoireWithHighBytes_ReadsLatin1()
    {
        Assert.Equal("Jérôme", DicomCharacterSet.Default.Decode(Hex("4A E9 72 F4 6D 65"), DicomVR.PN));
    }

    [Fact]
    public void Decode_UidVrUnderUtf8_IgnoresCharacterSet()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 192");
        Assert.Equal("1.2.3\0", cs.Decode("1.2.3\0"u8, DicomVR.UI));
    }

    [Theory]
    [InlineData("ISO_IR_100", "ISO_IR 100")]
    [InlineData("iso-ir 192", "ISO_IR 192")]
    [InlineData("UTF-8", "ISO_IR 192")]
    [InlineData("ISO2022IR149", "ISO 2022 IR 149")]
    public void FromSpecificCharacterSet_MisspeltTerm_NormalisesWithDiagnostic(string term, string expected)
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(term);
        Assert.Single(cs.Diagnostics);
        Assert.Contains(expected, cs.Diagnostics[0], StringComparison.Ordinal);
    }

    [Fact]
    public void FromSpecificCharacterSet_UnknownTerm_FallsBackToDefaultWithDiagnostic()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet("KLINGON");
        Assert.Single(cs.Diagnostics);
        Assert.Equal("abc", cs.Decode("abc"u8, DicomVR.PN));
    }

    [Fact]
    public void Decode_UnknownEscapeAndTruncatedPair_NeverThrows()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87");
        var decoded = cs.Decode(Hex("1B 25 47 41 1B 24 42 3B"), DicomVR.PN);
        Assert.Contains('\uFFFD', decoded);
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrows()
    {
        var random = new Random(20261128);
        var sets = new[] { "", "ISO_IR 100", "ISO_IR 192", "GB18030", @"\ISO 2022 IR 87\ISO 2022 IR 159", @"ISO 2022 IR 13\ISO 2022 IR 87", @"\ISO 2022 IR 149", @"\ISO 2022 IR 58" }
            .Select(DicomCharacterSet.FromSpecificCharacterSet).ToArray();
        var buffer = new byte[64];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length);
            foreach (var cs in sets)
            {
                _ = cs.Decode(buffer.AsSpan(0, length), DicomVR.PN);
            }
        }
    }

    [Fact]
    public void Encode_UnrepresentableCharacter_WritesQuestionMark()
    {
        var cs = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 149");
        Assert.Equal("a?b"u8.ToArray(), cs.Encode("a\u0E01b", DicomVR.LO));
    }
}
