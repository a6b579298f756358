using System.Diagnostics.CodeAnalysis;

namespace Archive.Codec;

/// <summary>Throw sites kept out of hot paths so callers stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void Argument(string paramName, string message) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void DestinationTooShort(string paramName) =>
        throw new ArgumentException("Destination is too short.", paramName);

    [DoesNotReturn]
    public static void NotSupported(string message) =>
        throw new NotSupportedException(message);

    [DoesNotReturn]
    public static void InvalidData(string message) =>
        throw new InvalidDataException(message);

    [DoesNotReturn]
    public static void TooManyErasures(int missing, int parity) =>
        throw new ArgumentException($"{missing} shards are missing but only {parity} can be rebuilt.", "present");
}
