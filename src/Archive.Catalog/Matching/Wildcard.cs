namespace Archive.Catalog.Matching;

/// <summary>
/// DICOM wildcard matching (PS3.4 C.2.2.2.4): <c>*</c> any run of characters, <c>?</c> one
/// character. Linear-time greedy algorithm with one backtrack point: no regular expressions, no
/// exponential blow-up on hostile patterns.
/// </summary>
public static class Wildcard
{
    public static bool HasWildcards(ReadOnlySpan<char> pattern) => pattern.IndexOfAny('*', '?') >= 0;

    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
