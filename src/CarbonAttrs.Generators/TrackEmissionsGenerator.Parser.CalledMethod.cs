using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    internal static partial class Parser
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, CalledMethod?>> CalledMethods = new();

        /// <summary>
        /// What every call of one tracked method shares: its display, why it cannot be intercepted (if so) and the interceptor's
        /// model. Read once per method and compilation: a method called from many places had its signature displayed and
        /// checked again at each call (displaying a type from a large library is not cheap: Roslyn looks for record members).
        /// </summary>
        internal sealed class CalledMethod
        {
            private readonly IMethodSymbol _method;
            private string? _display;

            private CalledMethod(IMethodSymbol method) => _method = method;

            /// <summary>The method as diagnostics name it; displayed on first use (a display reads the whole signature's types).</summary>
            public string Display => _display ??= _method.ToDisplayString(MessageFormat);

            /// <summary>An iterator whose enumerations cannot be measured, and why.</summary>
            public string? IteratorReason { get; private set; }

            /// <summary>Why generated code cannot stand in for the method at all.</summary>
            public string? WrapReason { get; private set; }

            /// <summary>The reason is a type generated code cannot name (the access code fix applies).</summary>
            public bool HiddenType { get; private set; }

            /// <summary>Why generated code cannot reach the method, even through an accessor.</summary>
            public string? AccessReason { get; private set; }

            /// <summary>The interceptor's model, when nothing above prevents one.</summary>
            public TrackedTarget? Target { get; private set; }

            /// <summary>The facts of <paramref name="method"/> (an original definition), or null when its calls are not wrapped here.</summary>
            public static CalledMethod? Of(IMethodSymbol method, Compilation compilation)
                => CalledMethods.GetValue(compilation, static _ => new ConcurrentDictionary<IMethodSymbol, CalledMethod?>(SymbolEqualityComparer.Default))
                    .GetOrAdd(method, m => Read(m, compilation));

            private static CalledMethod? Read(IMethodSymbol method, Compilation compilation)
            {
                // Not tracked, measuring itself, or a local function (reported once, at its declaration).
                if (!TryGetSettings(method, out var settings) || MeasuresItself(method) || method.MethodKind == MethodKind.LocalFunction)
                    return null;
                var facts = new CalledMethod(method);
                var iterator = IteratorKindOf(method);
                if (iterator != IteratorKind.None && WhyIteratorIsNotMeasured(iterator, compilation) is { } iteratorReason)
                {
                    facts.IteratorReason = iteratorReason;
                    return facts;
                }
                if (method.MethodKind != MethodKind.Ordinary)
                    return facts;
                if (WhyNotWrappable(method, compilation, out var hiddenType) is { } reason)
                {
                    facts.WrapReason = reason;
                    facts.HiddenType = hiddenType;
                    return facts;
                }
                var reach = Reach(method, compilation);
                if (reach.Reason is { } accessReason)
                {
                    facts.AccessReason = accessReason;
                    return facts;
                }
                var target = BuildTarget(method, settings, reach.UseAccessor) with
                {
                    Iterator = iterator,
                    AccessorTypeName = reach.AccessorTypeName,
                    ContainingTypeParameterCount = AllTypeParameters(method).Count() - method.Arity,
                };
                facts.Target = target with { Parameters = WithTorchArguments(target.Parameters, method, compilation, settings) };
                return facts;
            }
        }
    }
}
