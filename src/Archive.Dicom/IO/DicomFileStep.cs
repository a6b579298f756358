namespace Archive.Dicom.IO;

/// <summary>What a <see cref="DicomFileParser"/> step ended with.</summary>
public enum DicomFileStep
{
    /// <summary>Feed more bytes.</summary>
    NeedMoreData,

    /// <summary>The whole file was read.</summary>
    Completed,

    /// <summary>Stopped before the configured stop tag (header-only reading).</summary>
    Stopped,

    /// <summary>The meta announced a deflated dataset: inflate the rest of the input, then call <see cref="DicomFileParser.BeginInflated"/>.</summary>
    Inflate,
}
