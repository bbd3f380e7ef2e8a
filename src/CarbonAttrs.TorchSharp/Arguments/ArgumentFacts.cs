using System.Runtime.CompilerServices;
using CarbonAttrs.Runtime;

namespace CarbonAttrs.TorchSharp;

/// <summary>
/// The facts read from one argument (at most <see cref="Capacity"/>), held on the stack until they are handed to
/// the call: read once, then written to whichever call shape generated code has (a window or an iterator's row).
/// </summary>
internal struct ArgumentFacts
{
    public const int Capacity = 5;

    private FactBuffer _facts;
    private int _count;

    public readonly int Count => _count;

    public void Add(string key, object? value)
    {
        if (_count < Capacity)
            _facts[_count++] = new Hyperparameter(key, value);
    }

    public readonly Hyperparameter this[int index] => _facts[index];

    public readonly void WriteTo(ref TrackedCall call)
    {
        for (var i = 0; i < _count; i++)
            call.Argument(_facts[i].Name, _facts[i].Value);
    }

    public readonly void WriteTo(ref TrackedIteratorCall call)
    {
        for (var i = 0; i < _count; i++)
            call.Argument(_facts[i].Name, _facts[i].Value);
    }

    [InlineArray(Capacity)]
    private struct FactBuffer
    {
        private Hyperparameter _first;
    }
}

/// <summary>
/// The keys of one kind of argument under one parameter name (<c>model</c>, <c>model_parameters</c>, ...), built once
/// per name: generated code passes the same literal on every call, so no key is concatenated on the hot path.
/// </summary>
internal sealed class ArgumentKeys
{
    private readonly string[] _suffixes;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _byName = new(StringComparer.Ordinal);

    public ArgumentKeys(params string[] suffixes) => _suffixes = suffixes;

    /// <summary>The keys for <paramref name="name"/>, in the order of the suffixes given to the constructor.</summary>
    public string[] For(string name)
        => _byName.TryGetValue(name, out var keys) ? keys : _byName.GetOrAdd(name, n => Array.ConvertAll(_suffixes, s => n + s));
}
