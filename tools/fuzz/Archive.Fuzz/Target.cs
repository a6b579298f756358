using Archive.Dicom.IO;

namespace Archive.Fuzz;

/// <summary>The fuzzed code: both read paths over one input. Only <see cref="DicomParseException"/> is an expected failure.</summary>
internal static class Target
{
    private static readonly DicomReaderOptions Options = DicomReaderOptions.Default with { MaxInflatedLength = 64 << 20, ReadBufferSize = 512 };

    public static void Run(ReadOnlySpan<byte> input)
    {
        var bytes = input.ToArray();
        try
        {
            var result = DicomFileReader.Read(bytes, Options);
            if (!result.File.TransferSyntax.IsBigEndian && result.File.TransferSyntax.IsKnown)
            {
                // Whatever we read must be writable again without throwing.
                DicomFileWriter.ToBytes(result.File);
            }
        }
        catch (DicomParseException)
        {
        }
        catch (NotSupportedException)
        {
        }

        try
        {
            DicomFileReader.ReadStreamAsync(new MemoryStream(bytes, writable: false), Options).GetAwaiter().GetResult();
        }
        catch (DicomParseException)
        {
        }
    }
}
