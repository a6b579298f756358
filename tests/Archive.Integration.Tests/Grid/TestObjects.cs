using System.Globalization;

namespace Archive.Integration.Tests.Grid;

/// <summary>Deterministic test objects of mixed sizes (pinned seed): tiny (rep-3), medium and multi-part (ec-4-2).</summary>
/// <remarks>Object i belongs to study (catalog partition) <c>i % studies</c> of the prefix.</remarks>
public static class TestObjects
{
    public sealed record TestObject(string Partition, string Name, byte[] Bytes);

    public static IReadOnlyList<TestObject> Make(int count, int seed, string prefix, int studies = 7)
    {
        var random = new Random(seed);
        var objects = new List<TestObject>(count);
        for (var i = 0; i < count; i++)
        {
            var size = (i % 6) switch
            {
                0 => random.Next(1, 2048),
                1 => random.Next(2048, 60_000),
                2 => random.Next(65_536, 300_000),
                3 => random.Next(300_000, 800_000),
                4 => random.Next(800_000, 1_600_000),
                _ => random.Next(100, 200_000),
            };
            var bytes = new byte[size];
            random.NextBytes(bytes);
            if (i % 3 == 0)
            {
                // compressible half: zstd path
                Array.Clear(bytes, 0, size / 2);
            }

            objects.Add(new TestObject($"1.2.826.0.1.{prefix}.study.{i % studies}", string.Create(CultureInfo.InvariantCulture, $"1.2.826.0.1.{prefix}.{seed}.{i}"), bytes));
        }

        return objects;
    }
}
