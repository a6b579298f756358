namespace Archive.Grid.Map;

/// <summary>Checks a map before anyone uses it. Returns every problem, not just the first.</summary>
public static class GridMapValidator
{
    /// <summary>Largest k + m the Reed–Solomon codec supports over GF(2^8).</summary>
    public const int MaxTotalShards = 255;

    public static IReadOnlyList<string> Validate(GridMap map)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(map.ClusterId))
        {
            errors.Add("clusterId is required");
        }

        if (map.Epoch < 1)
        {
            errors.Add($"epoch must be at least 1 (is {map.Epoch})");
        }

        if (map.Nodes.Count == 0)
        {
            errors.Add("the map has no nodes");
        }

        ValidateNodes(map, errors);
        ValidateClasses(map, errors);
        return errors;
    }

    private static void ValidateNodes(GridMap map, List<string> errors)
    {
        var nodeIds = new HashSet<string>(StringComparer.Ordinal);
        var diskIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in map.Nodes)
        {
            var where = $"node '{node.Id}'";
            if (!IsIdentifier(node.Id))
            {
                errors.Add($"{where}: id must be 1-64 characters of letters, digits, '-', '_' or '.'");
            }
            else if (!nodeIds.Add(node.Id))
            {
                errors.Add($"{where}: duplicate node id");
            }

            if (!Uri.TryCreate(node.Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{where}: address '{node.Address}' must be an absolute http(s) URL");
            }

            if (!IsIdentifier(node.Site) || !IsIdentifier(node.Rack))
            {
                errors.Add($"{where}: site and rack are required identifiers");
            }

            if (!Enum.IsDefined(node.State))
            {
                errors.Add($"{where}: unknown state");
            }

            if (node.Disks.Count == 0 && node.State == NodeState.Active)
            {
                errors.Add($"{where}: an active node needs at least one disk");
            }

            foreach (var disk in node.Disks)
            {
                if (!IsIdentifier(disk.Id))
                {
                    errors.Add($"{where}: disk id '{disk.Id}' must be 1-64 characters of letters, digits, '-', '_' or '.'");
                }
                else if (!diskIds.Add(disk.Id))
                {
                    errors.Add($"{where}: disk id '{disk.Id}' is used twice in the grid");
                }

                if (!double.IsFinite(disk.Weight) || disk.Weight <= 0)
                {
                    errors.Add($"{where}: disk '{disk.Id}' weight must be a positive number");
                }

                if (!Enum.IsDefined(disk.State))
                {
                    errors.Add($"{where}: disk '{disk.Id}' has an unknown state");
                }
            }
        }
    }

    private static void ValidateClasses(GridMap map, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var eligibleDisks = map.AllDisks().Count(d => d.AcceptsNewShards);
        foreach (var storageClass in map.StorageClasses)
        {
            var where = $"storage class '{storageClass.Name}'";
            if (!IsIdentifier(storageClass.Name) || !names.Add(storageClass.Name))
            {
                errors.Add($"{where}: name must be a unique identifier");
            }

            if (storageClass.DataShards < 1 || storageClass.ParityShards < 1 || storageClass.TotalShards > MaxTotalShards)
            {
                errors.Add($"{where}: needs k >= 1, m >= 1 and k + m <= {MaxTotalShards}");
            }
            else if (storageClass.TotalShards > eligibleDisks)
            {
                errors.Add($"{where}: needs {storageClass.TotalShards} distinct disks but only {eligibleDisks} accept new shards");
            }
        }

        if (map.FindClass(map.Policy.DefaultClass) is null)
        {
            errors.Add($"policy: default class '{map.Policy.DefaultClass}' is not defined");
        }

        if (map.Policy.SmallObjectClass is { } small && map.FindClass(small) is null)
        {
            errors.Add($"policy: small-object class '{small}' is not defined");
        }

        if (map.Policy.SmallObjectThresholdBytes < 0)
        {
            errors.Add("policy: smallObjectThresholdBytes must not be negative");
        }
    }

    private static bool IsIdentifier(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
