using Archive.Dicom.Values;

namespace Archive.Dicom.Tests.Values;

public sealed class DicomDateTimeValueTests
{
    [Theory]
    [InlineData("20240229", 2024, 2, 29)]
    [InlineData("19991231 ", 1999, 12, 31)]
    [InlineData("20010102\0", 2001, 1, 2)]
    [InlineData("1993.08.22", 1993, 8, 22)]
    public void DateTryParse_ValidOrTolerated_ReturnsDate(string text, int y, int m, int d)
    {
        Assert.True(DicomDate.TryParse(text, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20230229")]
    [InlineData("00000000")]
    [InlineData("2024013")]
    [InlineData("2024-01-30")]
    [InlineData("20241301")]
    [InlineData("2024013X")]
    public void DateTryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(DicomDate.TryParse(text, out _));
    }

    [Fact]
    public void DateParse_Invalid_ThrowsTypedError()
    {
        var error = Assert.Throws<DicomValueFormatException>(() => DicomDate.Parse("2024-01-30"));
        Assert.Equal(Archive.Dicom.Model.DicomVR.DA, error.VR);
    }

    [Fact]
    public void DateFormat_Date_IsEightDigits()
    {
        Assert.Equal("00050102", DicomDate.Format(new DateOnly(5, 1, 2)));
    }

    [Theory]
    [InlineData("07", "07", 7, 0, 0, 0)]
    [InlineData("0715", "0715", 7, 15, 0, 0)]
    [InlineData("071530", "071530", 7, 15, 30, 0)]
    [InlineData("071530.1", "071530.1", 7, 15, 30, 100000)]
    [InlineData("071530.123456", "071530.123456", 7, 15, 30, 123456)]
    [InlineData("07:15:30.5 ", "071530.5", 7, 15, 30, 500000)]
    [InlineData("071530.12345678", "071530.123456", 7, 15, 30, 123456)]
    [InlineData("235960", "235959", 23, 59, 59, 999999)]
    public void TimeTryParse_Value_KeepsPrecisionAndRoundTrips(string text, string formatted, int h, int m, int s, int micro)
    {
        Assert.True(DicomTime.TryParse(text, out var time));
        Assert.Equal(new TimeOnly(h, m, s).Add(TimeSpan.FromMicroseconds(micro)), time.Value);
        Assert.Equal(formatted, time.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("071")]
    [InlineData("2400")]
    [InlineData("0760")]
    [InlineData("0715.5")]
    [InlineData("071530.")]
    [InlineData("071530.5x")]
    public void TimeTryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(DicomTime.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2024", "2024", DicomDateTimePrecision.Year)]
    [InlineData("202402", "202402", DicomDateTimePrecision.Month)]
    [InlineData("20240229", "20240229", DicomDateTimePrecision.Day)]
    [InlineData("2024022913", "2024022913", DicomDateTimePrecision.Hour)]
    [InlineData("20240229131415", "20240229131415", DicomDateTimePrecision.Second)]
    [InlineData("20240229131415.123", "20240229131415.123", DicomDateTimePrecision.Fraction)]
    [InlineData("20240229131415.123456+0100", "20240229131415.123456+0100", DicomDateTimePrecision.Fraction)]
    [InlineData("202402291314-0530 ", "202402291314-0530", DicomDateTimePrecision.Minute)]
    public void DateTimeTryParse_PartialPrecision_RoundTrips(string text, string formatted, DicomDateTimePrecision precision)
    {
        Assert.True(DicomDateTime.TryParse(text, out var value));
        Assert.Equal((precision, formatted), (value.Precision, value.ToString()));
    }

    [Fact]
    public void DateTimeToDateTimeOffset_WithOffset_UsesIt()
    {
        Assert.True(DicomDateTime.TryParse("20240101120000-0500", out var value));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 17, 0, 0, TimeSpan.Zero), value.ToDateTimeOffset(TimeSpan.Zero).ToUniversalTime());
    }

    [Theory]
    [InlineData("202")]
    [InlineData("20240230")]
    [InlineData("20240229131415+2400")]
    [InlineData("20240229131415+01")]
    [InlineData("2024022913141.5")]
    [InlineData("abcd")]
    public void DateTimeTryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(DicomDateTime.TryParse(text, out _));
    }

    [Theory]
    [InlineData("20240101-20241231", true, true)]
    [InlineData("20240101-", true, false)]
    [InlineData("-20241231", false, true)]
    public void RangeTryParseDate_Forms_ParseBounds(string text, bool hasLower, bool hasUpper)
    {
        Assert.True(DicomRangeParser.TryParseDate(text, out var range));
        Assert.Equal((hasLower, hasUpper, true), (range.Lower.HasValue, range.Upper.HasValue, range.IsRange));
    }

    [Fact]
    public void RangeTryParseDate_SingleValue_IsNotRange()
    {
        Assert.True(DicomRangeParser.TryParseDate("20240101", out var range));
        Assert.Equal(new DicomRange<DateOnly>(new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 1), false), range);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("2024-01-01")]
    [InlineData("20240101-2024")]
    [InlineData("")]
    public void RangeTryParseDate_Invalid_ReturnsFalse(string text)
    {
        Assert.False(DicomRangeParser.TryParseDate(text, out _));
    }

    [Fact]
    public void RangeTryParseTime_Range_ParsesBothBounds()
    {
        Assert.True(DicomRangeParser.TryParseTime("0800-173000.5", out var range));
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(17, 30, 0, 500)), (range.Lower!.Value.Value, range.Upper!.Value.Value));
    }

    [Fact]
    public void RangeTryParseDateTime_OffsetsAndRangeDash_SplitsCorrectly()
    {
        Assert.True(DicomRangeParser.TryParseDateTime("20240101120000-0500-20240102120000-0500", out var range));
        Assert.Equal((TimeSpan.FromHours(-5), TimeSpan.FromHours(-5)), (range.Lower!.Value.Offset, range.Upper!.Value.Offset));
        Assert.True(range.IsRange);
    }

    [Fact]
    public void RangeTryParseDateTime_SingleValueWithNegativeOffset_IsNotRange()
    {
        Assert.True(DicomRangeParser.TryParseDateTime("20240101120000-0500", out var range));
        Assert.False(range.IsRange);
    }
}
