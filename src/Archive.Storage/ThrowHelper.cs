using System.Diagnostics.CodeAnalysis;

namespace Archive.Storage;

/// <summary>Throw sites for corruption and misuse, kept out of hot paths.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Corrupt(string message) => throw new StorageCorruptionException(message);

    [DoesNotReturn]
    public static T Corrupt<T>(string message) => throw new StorageCorruptionException(message);

    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);
}
