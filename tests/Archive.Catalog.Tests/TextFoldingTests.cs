using Archive.Catalog.Matching;

namespace Archive.Catalog.Tests;

/// <summary>
/// Names fold as PACS users search them: case and accents ignored in Latin, Greek and Cyrillic (letters without a
/// decomposition too: Ł, Đ, ı), Hebrew points and Arabic vowel signs optional; a kana voicing mark or a Thai vowel
/// sign, which changes the letter, kept.
/// </summary>
public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("Łukasiewicz", "LUKASIEWICZ")]
    [InlineData("Đorđević", "DORDEVIC")]
    [InlineData("Işık", "ISIK")]
    [InlineData("IŞIK", "ISIK")]
    [InlineData("Yılmaz", "YILMAZ")]
    [InlineData("Hélène Müller", "HELENE MULLER")]
    [InlineData("Œuvray^Søren", "OEUVRAY^SOREN")]
    [InlineData("Straße", "STRASSE")]
    [InlineData("Þórður", "THORDUR")]
    [InlineData("Ħal Far", "HAL FAR")]
    [InlineData("Ἀθηνᾶ", "ΑΘΗΝΑ")]
    [InlineData("Фёдоров", "ФЕДОРОВ")]
    [InlineData("מֹשֶׁה", "משה")]
    [InlineData("مُحَمَّد", "محمد")]
    public void Fold_AccentsAndCaseIgnored(string name, string folded) => Assert.Equal(folded, TextFolding.Fold(name));

    [Theory]
    [InlineData("ヤマダ", "ヤマタ")] // ダ (da) is not タ (ta)
    [InlineData("ガ", "カ")]
    [InlineData("สมศักดิ์", "สมศกด")] // Thai vowel signs and tone marks belong to the name
    [InlineData("राम", "रम")]
    public void Fold_MarksThatMakeAnotherLetter_Stay(string name, string other) => Assert.NotEqual(TextFolding.Fold(other), TextFolding.Fold(name));

    [Fact]
    public void Fold_HangulAndHanUnchanged() => Assert.Equal("洪^吉洞=홍^길동", TextFolding.Fold("洪^吉洞=홍^길동"));
}
