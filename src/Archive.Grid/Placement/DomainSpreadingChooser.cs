namespace Archive.Grid.Placement;

/// <summary>
/// Picks distinct candidates for numbered pieces (shard indices) by rendezvous score while
/// spreading them across failure domains. Piece <c>p</c> takes the best candidate for the key
/// (key, p) among those whose site, rack and node still hold less than their fair share of the
/// pieces. Scoring each piece separately keeps shard index → disk stable: adding a disk only
/// moves the pieces it wins.
/// </summary>
internal static class DomainSpreadingChooser
{
    /// <summary>One unit placement may choose, with its domains at every level.</summary>
    internal readonly record struct Candidate(string Site, string Rack, string Node, string Unit, long Seed, double Weight);

    /// <summary>
    /// For each entry of <paramref name="pieces"/>, the index into <paramref name="candidates"/>
    /// of its target, or -1 when no candidate was left. <paramref name="alreadyUsed"/> are
    /// domains already holding pieces of this key (for repair): counted as used, never returned.
    /// </summary>
    internal static int[] Choose(ReadOnlySpan<byte> key, IReadOnlyList<Candidate> candidates, IReadOnlyList<int> pieces, IEnumerable<Candidate> alreadyUsed)
    {
        var siteUse = new Dictionary<string, int>(StringComparer.Ordinal);
        var rackUse = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodeUse = new Dictionary<string, int>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var used in alreadyUsed)
        {
            Use(used);
        }

        // A domain may hold at most its fair share of the pieces (ceil(total / domains)) at each
        // level. A cap, rather than "least used first", keeps pieces independent of each other, so
        // a new disk only moves the pieces it wins (and rarely one more).
        var total = pieces.Count + taken.Count;
        var siteCap = Cap(total, candidates, alreadyUsed, static c => c.Site);
        var rackCap = Cap(total, candidates, alreadyUsed, static c => c.Rack);
        var nodeCap = Cap(total, candidates, alreadyUsed, static c => c.Node);

        var result = new int[pieces.Count];
        for (var p = 0; p < pieces.Count; p++)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            var bestOverflow = int.MaxValue;
            var pieceSalt = PieceSalt(pieces[p]);
            for (var i = 0; i < candidates.Count; i++)
            {
                var candidate = candidates[i];
                if (taken.Contains(candidate.Unit))
                {
                    continue;
                }

                // Over a cap only when nothing under it is left (an uneven map): then the least over wins.
                var overflow = Over(siteUse, candidate.Site, siteCap) + Over(rackUse, candidate.Rack, rackCap) + Over(nodeUse, candidate.Node, nodeCap);
                if (overflow > bestOverflow)
                {
                    continue;
                }

                var score = RendezvousScore.Score(key, candidate.Seed ^ pieceSalt, candidate.Weight);
                if (overflow < bestOverflow || score > bestScore)
                {
                    best = i;
                    bestScore = score;
                    bestOverflow = overflow;
                }
            }

            result[p] = best;
            if (best >= 0)
            {
                Use(candidates[best]);
            }
        }

        return result;

        void Use(Candidate c)
        {
            siteUse[c.Site] = Get(siteUse, c.Site) + 1;
            rackUse[c.Rack] = Get(rackUse, c.Rack) + 1;
            nodeUse[c.Node] = Get(nodeUse, c.Node) + 1;
            taken.Add(c.Unit);
        }

        static int Get(Dictionary<string, int> use, string key) => use.TryGetValue(key, out var n) ? n : 0;

        static int Over(Dictionary<string, int> use, string key, int cap) => Math.Max(0, Get(use, key) + 1 - cap);
    }

    private static int Cap(int total, IReadOnlyList<Candidate> candidates, IEnumerable<Candidate> alreadyUsed, Func<Candidate, string> domain)
    {
        var domains = candidates.Select(domain).Concat(alreadyUsed.Select(domain)).Distinct(StringComparer.Ordinal).Count();
        return domains == 0 ? total : (total + domains - 1) / domains;
    }

    /// <summary>Mixes the piece number into a candidate's seed (fixed forever, like the score).</summary>
    private static long PieceSalt(int piece) => unchecked((long)((ulong)(piece + 1) * 0x9E3779B97F4A7C15UL));
}
