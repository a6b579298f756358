using Archive.Dicom.Model;
using Archive.Dicom.Values;

namespace Archive.Dicom.Tests.Values;

public sealed class DicomTextValueTests
{
    [Fact]
    public void PersonNameParse_ThreeGroups_SplitsComponents()
    {
        var name = DicomPersonName.Parse("Yamada^Tarou=山田^太郎=やまだ^たろう");
        Assert.Equal(("Yamada", "Tarou", "山田", "たろう"), (name.Alphabetic.FamilyName, name.Alphabetic.GivenName, name.Ideographic.FamilyName, name.Phonetic.GivenName));
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", name.ToString());
    }

    [Theory]
    [InlineData("Adams^John Robert Quincy^^Rev.^B.A. M.Div.", "Adams^John Robert Quincy^^Rev.^B.A. M.Div.")]
    [InlineData("Morrison-Jones^Susan^^^Ph.D., Chief Executive Officer", "Morrison-Jones^Susan^^^Ph.D., Chief Executive Officer")]
    [InlineData("Doe^John^^^ ", "Doe^John")]
    [InlineData("Doe^John==", "Doe^John")]
    [InlineData("=山田^太郎", "=山田^太郎")]
    [InlineData("", "")]
    [InlineData("A^B^C^D^E^F", "A^B^C^D^E^F")]
    public void PersonNameParse_Value_FormatsCanonically(string text, string expected)
    {
        Assert.Equal(expected, DicomPersonName.Parse(text).ToString());
    }

    [Theory]
    [InlineData("Doe^John", true)]
    [InlineData("A^B^C^D^E^F", false)]
    [InlineData("A=B=C=D", false)]
    [InlineData("Doe\\Roe", false)]
    [InlineData("Doe\r\nJohn", false)]
    public void PersonNameIsValid_Value_FollowsPs35(string text, bool valid)
    {
        Assert.Equal(valid, DicomPersonName.IsValid(text));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.1", true)]
    [InlineData("0", true)]
    [InlineData("1.2.0.3", true)]
    [InlineData("1.2.03", false)]
    [InlineData("1..2", false)]
    [InlineData(".1.2", false)]
    [InlineData("1.2.", false)]
    [InlineData("1.2.a", false)]
    [InlineData("", false)]
    [InlineData("1.2.3456789012345678901234567890123456789012345678901234567890123", false)]
    public void UidIsValid_Value_FollowsPs35(string uid, bool valid)
    {
        Assert.Equal(valid, DicomUid.IsValid(uid));
    }

    [Fact]
    public void UidTryParse_PaddedUid_TrimsNul()
    {
        Assert.True(DicomUid.TryParse("1.2.3\0", out var uid));
        Assert.Equal("1.2.3", uid);
    }

    [Fact]
    public void UidGenerate_Default_IsValid225Uid()
    {
        var uid = DicomUid.Generate();
        Assert.StartsWith("2.25.", uid, StringComparison.Ordinal);
        Assert.True(DicomUid.IsValid(uid));
        Assert.NotEqual(uid, DicomUid.Generate());
    }

    [Fact]
    public void UidGenerate_LongRoot_StaysWithin64()
    {
        var root = "1.2.826.0.1.3680043.10.1234.5678.9012.3456.7890";
        for (var i = 0; i < 200; i++)
        {
            var uid = DicomUid.Generate(root);
            Assert.True(uid.Length <= 64 && DicomUid.IsValid(uid) && uid.StartsWith(root + ".", StringComparison.Ordinal), uid);
        }
    }

    [Fact]
    public void UidGenerate_InvalidRoot_Throws()
    {
        Assert.Throws<ArgumentException>(() => DicomUid.Generate("1.02"));
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData(" -7 ", -7)]
    [InlineData("+0012", 12)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    public void IntegerStringTryParse_Valid_ReturnsValue(string text, int expected)
    {
        Assert.True(DicomIntegerString.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("2147483648")]
    [InlineData("1e3")]
    [InlineData("-")]
    [InlineData("0x10")]
    public void IntegerStringTryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(DicomIntegerString.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(" -0.25 ", -0.25)]
    [InlineData("2.5E-3", 0.0025)]
    [InlineData("1e10", 1e10)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("+3", 3.0)]
    [InlineData("0.123456789012345678", 0.123456789012345678)]
    public void DecimalStringTryParse_Valid_ReturnsValue(string text, double expected)
    {
        Assert.True(DicomDecimalString.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1,5")]
    [InlineData("1e999")]
    [InlineData(".")]
    [InlineData("e5")]
    public void DecimalStringTryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(DicomDecimalString.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(123456789.123456789, "123456789.123457")]
    [InlineData(-1.2345678901234567e-200, "-1.23456789E-200")]
    public void DecimalStringFormat_Value_FitsSixteenCharacters(double value, string expected)
    {
        var text = DicomDecimalString.Format(value);
        Assert.Equal(expected, text);
        Assert.True(text.Length <= DicomDecimalString.MaxLength);
    }

    [Fact]
    public void DecimalStringFormat_RandomDoubles_AlwaysFitAndParseBack()
    {
        var random = new Random(64);
        for (var i = 0; i < 5000; i++)
        {
            var value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value))
            {
                continue;
            }

            Assert.True(DicomDecimalString.TryFormat(value, out var text));
            Assert.True(text.Length <= 16, text);
            Assert.True(DicomDecimalString.TryParse(text, out var back));
            Assert.True(value == 0 || Math.Abs((back - value) / value) < 1e-8, $"{value} -> {text}");
        }
    }

    [Fact]
    public void DecimalStringTryFormat_NaN_ReturnsFalse()
    {
        Assert.False(DicomDecimalString.TryFormat(double.NaN, out _));
    }

    [Theory]
    [InlineData("045Y", 45, DicomAgeUnit.Years, "045Y")]
    [InlineData("003W", 3, DicomAgeUnit.Weeks, "003W")]
    [InlineData("012M ", 12, DicomAgeUnit.Months, "012M")]
    [InlineData("45y", 45, DicomAgeUnit.Years, "045Y")]
    [InlineData("000D", 0, DicomAgeUnit.Days, "000D")]
    public void AgeTryParse_Value_RoundTripsStrictly(string text, int value, DicomAgeUnit unit, string formatted)
    {
        Assert.True(DicomAge.TryParse(text, out var age));
        Assert.Equal((value, unit, formatted), (age.Value, age.Unit, age.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Y")]
    [InlineData("045")]
    [InlineData("045X")]
    [InlineData("1000Y")]
    [InlineData("-45Y")]
    public void AgeTryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(DicomAge.TryParse(text, out _));
    }

    [Theory]
    [InlineData("A\\B \\ C", DicomVR.CS, new[] { "A", "B", "C" })]
    [InlineData("  indented\\x", DicomVR.LT, new[] { "  indented\\x" })]
    [InlineData("1.2.3\0", DicomVR.UI, new[] { "1.2.3" })]
    [InlineData(" ", DicomVR.LO, new string[0])]
    [InlineData("a\\\\b", DicomVR.LO, new[] { "a", "", "b" })]
    public void MultiValueSplit_Value_SplitsAndTrims(string text, DicomVR vr, string[] expected)
    {
        Assert.Equal(expected, DicomMultiValue.Split(text, vr));
    }
}
