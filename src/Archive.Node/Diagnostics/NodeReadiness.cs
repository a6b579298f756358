using Archive.Node.Hosting;

namespace Archive.Node.Diagnostics;

/// <summary>
/// What <c>/readyz</c> answers: the node is ready when its runtime is open (index, map loaded, not
/// stopping), at least one data disk serves reads (healthy or full), its map names it at the address it advertises and with a disk it holds, its DICOM listener is up (when
/// DICOM is enabled), and its databases have raised no error since it started (<see cref="DatabaseFaults"/>). Thread-safe.
/// </summary>
public sealed class NodeReadiness(NodeRuntime runtime)
{
    private volatile bool _dicomListening;

    /// <summary>Set by the DICOM listener service once it accepts connections, cleared when it stops.</summary>
    public bool DicomListening
    {
        get => _dicomListening;
        set => _dicomListening = value;
    }

    /// <summary>Each check by name, and whether it passes.</summary>
    public IReadOnlyList<(string Check, bool Ok)> Checks()
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var open = runtime.IsOpen;
        return
        [
            ("runtime", open),
            ("disks", open && runtime.Store.GetHealth().ServingDisks > 0),
            ("map", open && runtime.Maps.Current.FindNode(runtime.Settings.NodeId) is not null && runtime.MapIdentityConflict() is null),
            ("dicom", !runtime.Settings.Dicom.Enabled || DicomListening),
            ("databases", runtime.DatabaseFaults.Problem is null),
        ];
    }

    public bool IsReady => Checks().All(c => c.Ok);
}
