using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The simple names a tracked method can have in this compilation. Call sites and method groups are bound only
    /// when their name is one of these: a syntactic test that keeps semantic work proportional to the uses of tracked
    /// methods, not to the size of the project (binding every invocation cost about as much as the compilation).
    /// </summary>
    internal static class TrackedNames
    {
        // Referenced assembly symbols are shared by compilations with the same references, so a cache keyed by the
        // symbol scans each referenced assembly once per reference set (not once per keystroke).
        private static readonly ConditionalWeakTable<IAssemblySymbol, string[]> ScannedAssemblies = new();

        private const string RuntimeAssemblyName = "CarbonAttrs";

        /// <summary>Names of the [TrackEmissions] methods declared in source (from ForAttributeWithMetadataName).</summary>
        public static TrackedNameSet FromSource(ImmutableArray<string> names) => TrackedNameSet.Create(names);

        /// <summary>Names of the [TrackEmissions] methods of referenced assemblies that can carry the attribute.</summary>
        public static TrackedNameSet FromReferences(Compilation compilation, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Both the test and the scan are kept per assembly symbol: a compiler reuses a reference's symbol across
                // compilations, and asking ~200 framework assemblies for the attribute type again cost more than the rest.
                names.AddRange(ScannedAssemblies.GetValue(assembly, static a => MayDeclareTrackedMethods(a) ? Scan(a) : Array.Empty<string>()));
            }
            return TrackedNameSet.Create(names);
        }

        // Per referenced assembly: names of its tracked methods that can be called as extensions (CallCandidates).
        private static readonly ConditionalWeakTable<IAssemblySymbol, string[]> ScannedExtensions = new();

        /// <summary>Names of the [TrackEmissions] methods of referenced assemblies that can be called as extensions.</summary>
        public static TrackedNameSet ReferencedExtensionNames(Compilation compilation, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                cancellationToken.ThrowIfCancellationRequested();
                names.AddRange(ScannedExtensions.GetValue(assembly, static a => MayDeclareTrackedMethods(a) ? Scan(a, CallCandidates.IsExtensionLike) : Array.Empty<string>()));
            }
            return TrackedNameSet.Create(names);
        }

        /// <summary>Only assemblies that reference CarbonAttrs (or define the attribute themselves) can hold tracked methods.</summary>
        private static bool MayDeclareTrackedMethods(IAssemblySymbol assembly)
        {
            foreach (var module in assembly.Modules)
            {
                foreach (var identity in module.ReferencedAssemblies)
                {
                    if (identity.Name == RuntimeAssemblyName)
                        return true;
                }
            }
            return assembly.GetTypeByMetadataName(KnownNames.TrackEmissionsAttribute) is not null;
        }

        private static string[] Scan(IAssemblySymbol assembly) => Scan(assembly, static _ => true);

        private static string[] Scan(IAssemblySymbol assembly, Func<IMethodSymbol, bool> include)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var types = new Stack<INamespaceOrTypeSymbol>();
            types.Push(assembly.GlobalNamespace);
            while (types.Count > 0)
            {
                foreach (var member in types.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                        types.Push(container);
                    else if (member is IMethodSymbol method && !names.Contains(method.Name) && include(method) && method.GetAttributes().Any(a => Parser.IsTrackEmissions(a.AttributeClass)))
                        names.Add(method.Name);
                }
            }
            return names.ToArray();
        }

        /// <summary>The simple name of the method an invocation calls, as written (<c>a.B&lt;T&gt;()</c> → <c>B</c>).</summary>
        public static string? InvokedName(SyntaxNode node) => node is InvocationExpressionSyntax invocation ? SimpleName(invocation.Expression) : null;

        /// <summary>The simple name of a possible method group (<c>M</c>, <c>M&lt;T&gt;</c>, <c>x.M</c>).</summary>
        public static string? SimpleName(SyntaxNode node) => node switch
        {
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
    }

    /// <summary>
    /// A syntax node that may use a tracked method (a call or a method group), with its simple name, bound later only if
    /// the name is a tracked method's. Compared by reference: read once per version of its tree (<see cref="TreeFacts"/>),
    /// never a tracked step's output.
    /// </summary>
    internal sealed class NameCandidate
    {
        public NameCandidate(string name, SyntaxNode node)
        {
            Name = name;
            Node = node;
        }

        public string Name { get; }

        public SyntaxNode Node { get; }
    }
}

/// <summary>Sorted, distinct simple names of tracked methods: equatable, so an edit that adds none leaves it unchanged.</summary>
internal sealed record TrackedNameSet(EquatableArray<string> Names)
{
    public static readonly TrackedNameSet Empty = new(EquatableArray<string>.Empty);

    public static TrackedNameSet Create(IEnumerable<string> names)
        => new(new EquatableArray<string>(names.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray()));

    public TrackedNameSet Union(TrackedNameSet other)
        => other.Names.IsEmpty ? this : Names.IsEmpty ? other : Create(Names.Concat(other.Names));

    public bool Contains(string? name)
    {
        if (name is null)
            return false;
        int low = 0, high = Names.Count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(Names[middle], name);
            if (order == 0)
                return true;
            if (order < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }
        return false;
    }
}
