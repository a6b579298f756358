using System.Security.Cryptography;

namespace Archive.Cli.Commands.Export;

/// <summary>SHA-256 of a file as lower-case hex, the form the grid's manifests are shown in.</summary>
internal static class ExportHash
{
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
