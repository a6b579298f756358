namespace Archive.Dicom.Tests.Support;

/// <summary>
/// Tests that measure the process's allocations (GC.GetTotalAllocatedBytes) while awaiting: they
/// run after every parallel test, alone, or another test's allocations are counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInTheProcess
{
    public const string Name = "alone in the process";
}
