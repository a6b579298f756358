using Archive.Cli.Commands.Dicom;
using Archive.Dicom.IO;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// Checks a DICOMDIR against the media it indexes, as migration tools do before trusting a CD or a
/// copied folder: every referenced file must exist (File IDs are matched case-insensitively when the
/// exact name is absent, since ISO 9660 media are often mounted with lower-case names), be a readable
/// Part 10 file and hold the SOP Instance UID its record names. The files themselves are imported by
/// the folder walk, whatever the DICOMDIR says, so an incomplete DICOMDIR loses nothing.
/// </summary>
internal static class DicomDirCheck
{
    /// <summary>The outcome of one DICOMDIR: how many references it holds and what is wrong with them.</summary>
    public sealed record Result(int References, IReadOnlyList<DicomDirFinding> Findings);

    /// <summary>Reads the DICOMDIR at <paramref name="path"/> (under <paramref name="root"/>) and checks each reference; throws <see cref="DicomParseException"/> or <see cref="InvalidDataException"/> when it is not readable as one.</summary>
    public static async Task<Result> RunAsync(string root, string path, CancellationToken cancellationToken)
    {
        var references = await DicomDirIndex.ReadAsync(path, cancellationToken);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var dicomDir = Path.GetRelativePath(root, path);
        var findings = new List<DicomDirFinding>();
        foreach (var reference in references)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var expected = reference.SopInstanceUid ?? string.Empty;
            if (!IsPlainRelative(reference.FileId))
            {
                findings.Add(new DicomDirFinding(dicomDir, reference.Text, DicomDirProblem.Missing, expected, "File ID is not a relative path inside the DICOMDIR's folder"));
                continue;
            }

            var file = Resolve(folder, reference.FileId);
            if (file is null)
            {
                findings.Add(new DicomDirFinding(dicomDir, Path.GetRelativePath(root, Path.Combine([folder, .. reference.FileId])), DicomDirProblem.Missing, expected, "no such file"));
                continue;
            }

            var relative = Path.GetRelativePath(root, file);
            var meta = await StoreCommandFile.TryReadAsync(file, cancellationToken);
            if (meta is null)
            {
                findings.Add(new DicomDirFinding(dicomDir, relative, DicomDirProblem.Unreadable, expected, "not a DICOM Part 10 file"));
            }
            else if (reference.SopInstanceUid is { } uid && !string.Equals(uid, meta.SopInstanceUid.Trim(), StringComparison.Ordinal))
            {
                findings.Add(new DicomDirFinding(dicomDir, relative, DicomDirProblem.Mismatched, uid, "file holds " + meta.SopInstanceUid.Trim()));
            }
        }

        return new Result(references.Count, findings);
    }

    private static bool IsPlainRelative(IReadOnlyList<string> components) =>
        components.Count > 0 && components.All(c => c.Length > 0 && c is not "." and not ".." && c.IndexOfAny(['/', '\0']) < 0);

    /// <summary>The file a File ID names under <paramref name="folder"/>: the exact path, else a case-insensitive match component by component; null when none.</summary>
    private static string? Resolve(string folder, IReadOnlyList<string> components)
    {
        var current = folder;
        for (var i = 0; i < components.Count; i++)
        {
            var last = i == components.Count - 1;
            var exact = Path.Combine(current, components[i]);
            if (last ? File.Exists(exact) : Directory.Exists(exact))
            {
                current = exact;
                continue;
            }

            string? match;
            try
            {
                var candidates = last ? Directory.EnumerateFiles(current) : Directory.EnumerateDirectories(current);
                match = candidates.FirstOrDefault(p => string.Equals(Path.GetFileName(p), components[i], StringComparison.OrdinalIgnoreCase));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (match is null)
            {
                return null;
            }

            current = match;
        }

        return current;
    }
}
