using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    // Reachability: how generated code outside the user's types calls a tracked method it cannot name or access.
    internal static partial class Parser
    {
        /// <summary>How the interceptor calls the original: directly, through an UnsafeAccessor, or not at all (Reason).</summary>
        internal readonly record struct Reachability(string? Reason, bool UseAccessor, string AccessorTypeName)
        {
            public static readonly Reachability Direct = new(null, false, "");

            public static Reachability Unreachable(string reason) => new(reason, false, "");
        }

        /// <summary>
        /// Chooses the path from what the consumer's target framework has. An interceptor is a method of a generated
        /// class, so its own signature (parameters, return type, and for instance methods the receiver) must name the
        /// method's types: C# allows no other signature (CS9144/CS9148). The call inside it can go through
        /// <c>[UnsafeAccessor]</c> (.NET 8+), and on .NET 10+ <c>[UnsafeAccessorType]</c> names static classes and
        /// private types by their runtime name, and generic accessors reach generic methods and methods of generic types.
        /// </summary>
        internal static Reachability Reach(IMethodSymbol method, Compilation compilation)
        {
            var hiddenType = InnermostInaccessibleType(method.ContainingType, compilation);
            if (hiddenType is null && compilation.IsSymbolAccessibleWithin(method, compilation.Assembly))
                return Reachability.Direct;

            var accessibility = Describe(method.DeclaredAccessibility);
            if (hiddenType is not null && !method.IsStatic)
            {
                return Reachability.Unreachable("it is an instance method of the " + Describe(hiddenType.DeclaredAccessibility) + " type '"
                    + hiddenType.ToDisplayString(MessageFormat) + "': an interceptor's 'this' parameter must be that type (C# requires the same "
                    + "signature), and generated code outside it cannot name it; make '" + hiddenType.Name + "' internal or use the partial-method pattern");
            }
            if (method.IsVirtual || method.IsOverride || method.IsAbstract)
                return Reachability.Unreachable("it is " + accessibility + " and virtual, and UnsafeAccessor would call it non-virtually; use the partial-method pattern");
            if (!HasUnsafeAccessor(compilation))
                return Reachability.Unreachable("it is " + accessibility + " and this target framework has no UnsafeAccessorAttribute (.NET 8 or later); make it internal or use the partial-method pattern");

            var hasAccessorType = HasUnsafeAccessorType(compilation);
            var needsTypeName = method.IsStatic && (hiddenType is not null || method.ContainingType.IsStatic);
            if (needsTypeName && !hasAccessorType)
            {
                return Reachability.Unreachable(hiddenType is not null
                    ? "it is a static method of the " + Describe(hiddenType.DeclaredAccessibility) + " type '" + hiddenType.ToDisplayString(MessageFormat)
                        + "', which generated code can reach only through UnsafeAccessorType (.NET 10 or later); make '" + hiddenType.Name + "' internal or use the partial-method pattern"
                    : "it is a " + accessibility + " member of a static class, which generated code can reach only through UnsafeAccessorType (.NET 10 or later); make it internal or use the partial-method pattern");
            }
            if (needsTypeName && method.ContainingType.IsValueType)
            {
                return Reachability.Unreachable("it is a static method of the " + Describe(method.ContainingType.DeclaredAccessibility) + " struct '"
                    + method.ContainingType.ToDisplayString(MessageFormat) + "', which UnsafeAccessorType cannot reach (the runtime rejects value types there); make the struct internal or use the partial-method pattern");
            }
            if (AllTypeParameters(method).Any() && !hasAccessorType)
                return Reachability.Unreachable("it is " + accessibility + " and generic, and generated code reaches generic members through UnsafeAccessor only on .NET 10 or later; make it internal or use the partial-method pattern");

            return new Reachability(null, true, needsTypeName ? RuntimeTypeName(method.ContainingType) : "");
        }

        /// <summary>
        /// Generated code cannot call this method for want of access (a private type in its signature, or no path from
        /// <see cref="Reach"/>), whatever the call site: what UnreachableTrackedCallAnalyzer looks for.
        /// </summary>
        internal static bool CannotReach(IMethodSymbol method, Compilation compilation)
            => HiddenPart(method.ReturnType) is not null
            || method.Parameters.Any(p => HiddenPart(p.Type) is not null)
            || Reach(method, compilation).Reason is not null;

        /// <summary>The innermost containing type generated code cannot see (a private or protected nested type), or null.</summary>
        private static INamedTypeSymbol? InnermostInaccessibleType(INamedTypeSymbol? type, Compilation compilation)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (!compilation.IsSymbolAccessibleWithin(current, compilation.Assembly))
                    return current;
            }
            return null;
        }

        /// <summary>Why a type in a signature cannot be written by generated code.</summary>
        private static string UnnameableTypeReason(string where, ITypeSymbol type)
        {
            var display = type.ToDisplayString(MessageFormat);
            var hidden = HiddenPart(type);
            if (hidden is null)
                return where + " the type '" + display + "', which generated code cannot name";
            return where + " the type '" + display + "', and '" + hidden.ToDisplayString(MessageFormat) + "' is " + Describe(hidden.DeclaredAccessibility)
                + ": an interceptor must repeat the method's signature exactly (C# allows no 'object' in its place), and generated code cannot name that type; make '"
                + hidden.Name + "' internal or use the partial-method pattern";
        }

        /// <summary>The nested type that makes <paramref name="type"/> unnameable (private or protected), if that is the reason.</summary>
        private static INamedTypeSymbol? HiddenPart(ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    return HiddenPart(array.ElementType);
                case INamedTypeSymbol named:
                    for (var current = named; current is not null; current = current.ContainingType)
                    {
                        if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                            return current;
                    }
                    return named.TypeArguments.Select(HiddenPart).FirstOrDefault(t => t is not null);
                default:
                    return null;
            }
        }

        /// <summary>
        /// The name <c>[UnsafeAccessorType]</c> resolves like <c>Type.GetType</c>: <c>Ns.Outer`1+Inner, Assembly</c>, with the
        /// open type parameters in IL syntax (<c>[[!0],[!1]]</c>, bound to the accessor class's own type parameters).
        /// </summary>
        internal static string RuntimeTypeName(INamedTypeSymbol type)
        {
            var chain = new List<INamedTypeSymbol>();
            for (var current = type; current is not null; current = current.ContainingType)
                chain.Insert(0, current);
            var namespaces = new List<string>();
            for (var ns = chain[0].ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
                namespaces.Insert(0, ns.Name);
            var name = string.Join("+", chain.Select(t => t.MetadataName));
            if (namespaces.Count > 0)
                name = string.Join(".", namespaces) + "." + name;
            var typeParameterCount = chain.Sum(t => t.TypeParameters.Length);
            if (typeParameterCount > 0)
                name += "[" + string.Join(",", Enumerable.Range(0, typeParameterCount).Select(i => "[!" + i + "]")) + "]";
            return name + ", " + type.ContainingAssembly.Name;
        }

        private static string Describe(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.Internal => "internal",
            _ => accessibility.ToString().ToLowerInvariant(),
        };

        private static bool HasUnsafeAccessor(Compilation compilation) => IsInCoreLibrary(compilation, KnownNames.UnsafeAccessorAttribute);

        /// <summary>.NET 10 and later: the runtime resolves a type given by name, so static classes and private types can be reached.</summary>
        internal static bool HasUnsafeAccessorType(Compilation compilation) => IsInCoreLibrary(compilation, KnownNames.UnsafeAccessorTypeAttribute);

        private static bool IsInCoreLibrary(Compilation compilation, string metadataName)
            => compilation.GetTypeByMetadataName(metadataName) is { } attribute
            && SymbolEqualityComparer.Default.Equals(attribute.ContainingAssembly, compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly);
    }
}
