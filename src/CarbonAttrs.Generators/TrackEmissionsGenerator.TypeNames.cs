using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// Type names for generated code, exactly as <c>ToDisplayString(Parser.TypeFormat)</c> writes them (fully qualified,
    /// <c>global::</c>, nullable annotations), for the common shapes: named types (not tuples, not special types, not
    /// <c>Nullable&lt;T&gt;</c>), type parameters, and arrays of those. Anything else goes to Roslyn's display.
    /// <para>
    /// Why: Roslyn's display asks every named type whether it is a record (to label the part), and for a type from a
    /// referenced assembly that loads all of its members; for a tuple it loads its element fields. On TorchSharp signatures
    /// (<c>Tensor</c>, <c>Module&lt;Tensor, Tensor&gt;</c>, <c>IEnumerable&lt;(Tensor, Tensor)&gt;</c>) that was a tenth of the
    /// generator's time. <c>TypeNamesTests</c> hold this to Roslyn's display on every signature of several libraries.
    /// </para>
    /// </summary>
    internal static class TypeNames
    {
        public static string FullyQualified(ITypeSymbol type) => TryWrite(type) ?? type.ToDisplayString(Parser.TypeFormat);

        /// <summary>The name when this class writes it itself (the outer shape is one it knows), else null.</summary>
        internal static string? TryWrite(ITypeSymbol type)
        {
            var builder = new StringBuilder();
            return TryAppend(builder, type) ? builder.ToString() : null;
        }

        private static bool TryAppend(StringBuilder builder, ITypeSymbol type)
        {
            switch (type)
            {
                case ITypeParameterSymbol parameter:
                    builder.Append(Escaped(parameter.Name));
                    return AppendAnnotation(builder, parameter);
                case IArrayTypeSymbol { ElementType: not IArrayTypeSymbol } array:
                    if (!TryAppend(builder, array.ElementType))
                        return false;
                    builder.Append('[').Append(',', array.Rank - 1).Append(']');
                    return AppendAnnotation(builder, array);
                case INamedTypeSymbol named when IsPlain(named):
                    AppendQualifiedName(builder, named);
                    return AppendAnnotation(builder, named);
                default:
                    return false;
            }
        }

        /// <summary>A named type written as its name: no keyword, tuple, <c>T?</c> value type, error or anonymous type.</summary>
        private static bool IsPlain(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (IsKeyword(current.SpecialType) || current.IsTupleType || current.IsAnonymousType || current.TypeKind == TypeKind.Error
                    || current.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T || current.IsNativeIntegerType)
                    return false;
                foreach (var argument in current.TypeArguments)
                {
                    if (argument is not (ITypeParameterSymbol or INamedTypeSymbol or IArrayTypeSymbol))
                        return false;
                }
            }
            return true;
        }

        /// <summary>Types C# writes as a keyword (<c>int</c>, <c>string</c>, <c>object</c>, ...).</summary>
        private static bool IsKeyword(SpecialType type) => type switch
        {
            SpecialType.System_Object or SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_Char
                or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Decimal or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Void
                or SpecialType.System_IntPtr or SpecialType.System_UIntPtr => true,
            _ => false,
        };

        private static void AppendQualifiedName(StringBuilder builder, INamedTypeSymbol type)
        {
            if (type.ContainingType is { } container)
            {
                AppendQualifiedName(builder, container);
                builder.Append('.');
            }
            else
            {
                builder.Append("global::");
                AppendNamespace(builder, type.ContainingNamespace);
            }
            builder.Append(Escaped(type.Name));
            if (type.TypeArguments.Length == 0)
                return;
            builder.Append('<');
            for (var i = 0; i < type.TypeArguments.Length; i++)
            {
                if (i > 0)
                    builder.Append(", ");
                // A type argument Roslyn writes differently (a keyword, a tuple) is written by Roslyn.
                var argument = type.TypeArguments[i];
                var mark = builder.Length;
                if (!TryAppend(builder, argument))
                {
                    builder.Length = mark;
                    builder.Append(argument.ToDisplayString(Parser.TypeFormat));
                }
            }
            builder.Append('>');
        }

        private static void AppendNamespace(StringBuilder builder, INamespaceSymbol? ns)
        {
            if (ns is null || ns.IsGlobalNamespace)
                return;
            AppendNamespace(builder, ns.ContainingNamespace);
            builder.Append(Escaped(ns.Name)).Append('.');
        }

        /// <summary>The <c>?</c> of an annotated reference type or type parameter (value types never reach here annotated).</summary>
        private static bool AppendAnnotation(StringBuilder builder, ITypeSymbol type)
        {
            if (type.NullableAnnotation == NullableAnnotation.Annotated)
            {
                if (type.IsValueType)
                    return false;
                builder.Append('?');
            }
            return true;
        }

        private static string Escaped(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
