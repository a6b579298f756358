using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Archive.Dicom.Model;

/// <summary>
/// An ordered set of elements, kept sorted by tag (the order PS3.5 §7.1 requires on the wire), at
/// most one element per tag. Items of sequences are datasets too; such a nested dataset knows its
/// <see cref="Parent"/> so text decodes with the Specific Character Set in force (PS3.5 §7.5.3:
/// an item without its own (0008,0005) inherits the enclosing one). Not thread-safe; typed getters
/// are in <c>DicomDataset.Getters.cs</c>.
/// </summary>
public sealed partial class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements = [];

    /// <summary>Creates an empty top-level dataset.</summary>
    public DicomDataset()
    {
    }

    /// <summary>Creates an empty dataset nested in <paramref name="parent"/> (an item of one of its sequences).</summary>
    public DicomDataset(DicomDataset? parent)
    {
        Parent = parent;
    }

    /// <summary>The dataset this one is an item in, or null at the top level.</summary>
    public DicomDataset? Parent { get; }

    /// <summary>Number of elements at this level (not counting nested items).</summary>
    public int Count => _elements.Count;

    /// <summary>The element with <paramref name="tag"/>, or null.</summary>
    public DicomElement? this[DicomTag tag] => TryGet(tag, out var element) ? element : null;

    /// <summary>True when an element with <paramref name="tag"/> is present.</summary>
    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>Finds the element with <paramref name="tag"/>.</summary>
    public bool TryGet(DicomTag tag, [NotNullWhen(true)] out DicomElement? element)
    {
        var index = IndexOf(tag);
        element = index >= 0 ? _elements[index] : null;
        return element is not null;
    }

    /// <summary>Adds <paramref name="element"/> in tag order; throws when its tag is already present.</summary>
    public void Add(DicomElement element)
    {
        if (!TryAdd(element))
        {
            throw new ArgumentException($"The dataset already holds {element.Tag}.", nameof(element));
        }
    }

    /// <summary>Adds <paramref name="element"/> in tag order; false (nothing changed) when its tag is already present.</summary>
    public bool TryAdd(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (_elements.Count == 0 || _elements[^1].Tag < element.Tag)
        {
            _elements.Add(element); // the reader's case: elements arrive in order
            return true;
        }

        var index = IndexOf(element.Tag);
        if (index >= 0)
        {
            return false;
        }

        _elements.Insert(~index, element);
        return true;
    }

    /// <summary>Adds <paramref name="element"/>, replacing any element with the same tag.</summary>
    public void AddOrReplace(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        var index = IndexOf(element.Tag);
        if (index >= 0)
        {
            _elements[index] = element;
        }
        else
        {
            _elements.Insert(~index, element);
        }
    }

    /// <summary>Removes the element with <paramref name="tag"/>; false when absent.</summary>
    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        _elements.RemoveAt(index);
        return true;
    }

    /// <summary>
    /// A copy of this level: a new element list sharing the (immutable) value elements and the
    /// sequence objects. Enough to change top-level attributes without touching the original.
    /// </summary>
    public DicomDataset ShallowClone()
    {
        var clone = new DicomDataset(Parent);
        clone._elements.AddRange(_elements);
        return clone;
    }

    /// <summary>Enumerates the elements in tag order. Do not modify the dataset while enumerating.</summary>
    public List<DicomElement>.Enumerator GetEnumerator() => _elements.GetEnumerator();

    IEnumerator<DicomElement> IEnumerable<DicomElement>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Binary search: the index, or the complement of the insertion point.</summary>
    private int IndexOf(DicomTag tag)
    {
        int lo = 0, hi = _elements.Count - 1;
        var key = tag.Value;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var value = _elements[mid].Tag.Value;
            if (value == key)
            {
                return mid;
            }

            if (value < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
