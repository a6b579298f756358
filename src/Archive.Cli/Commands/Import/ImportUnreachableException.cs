namespace Archive.Cli.Commands.Import;

/// <summary>The archive's DICOM listener cannot be reached or refuses our association: an import stops (and resumes later).</summary>
internal sealed class ImportUnreachableException(string message, Exception inner) : Exception(message, inner);
