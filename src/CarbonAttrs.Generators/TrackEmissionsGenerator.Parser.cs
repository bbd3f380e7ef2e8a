using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CarbonAttrs.Generators.Diagnostics;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>Turns syntax and symbols into the plain models the emitter needs. Never throws into the compiler.</summary>
    internal static partial class Parser
    {
        /// <summary>Display of types in generated code: fully qualified (<c>global::</c>) with nullable annotations.</summary>
        internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat MessageFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

        // ---- opt-in -------------------------------------------------------------------------------

        /// <summary>What the consumer's compiler settings allow the generator to emit.</summary>
        public static CompilerSupport CompilerSupport(ParseOptions parseOptions, AnalyzerConfigOptions globalOptions)
        {
            var version = parseOptions is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest;
            return new CompilerSupport(InterceptorsListed(parseOptions, globalOptions), version >= LanguageVersion.CSharp11, version.ToDisplayString());
        }

        /// <summary>
        /// True when the project lists CarbonAttrs.Generated in InterceptorsNamespaces: seen either as the
        /// compiler feature flag MSBuild passes, or as the MSBuild property our props make visible.
        /// </summary>
        private static bool InterceptorsListed(ParseOptions parseOptions, AnalyzerConfigOptions globalOptions)
        {
            foreach (var pair in parseOptions.Features)
            {
                if ((pair.Key == KnownNames.InterceptorsNamespacesFeature || pair.Key == KnownNames.InterceptorsPreviewNamespacesFeature)
                    && ListsGeneratedNamespace(pair.Value))
                    return true;
            }
            return (globalOptions.TryGetValue(KnownNames.InterceptorsNamespacesProperty, out var value) && ListsGeneratedNamespace(value))
                || (globalOptions.TryGetValue(KnownNames.InterceptorsPreviewNamespacesProperty, out var preview) && ListsGeneratedNamespace(preview));
        }

        private static bool ListsGeneratedNamespace(string? list)
            => list is not null && list.Split(';', ',').Any(item => item.Trim() == KnownNames.GeneratedNamespace);

        // ---- call sites ---------------------------------------------------------------------------

        public static bool IsCandidateInvocation(SyntaxNode node, CancellationToken cancellationToken)
            => node is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax or IdentifierNameSyntax or GenericNameSyntax or MemberBindingExpressionSyntax,
            };

        public static CallSiteResult? ParseCallSite(SyntaxNode node, Compilation compilation, CancellationToken cancellationToken)
        {
            try
            {
                return ParseCallSiteCore((InvocationExpressionSyntax)node, BindingModels.For(compilation, node.SyntaxTree), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception ex)
            {
                // A generator must never throw (AD0001/CS8785): say what happened on this call instead.
                return Fail(node.GetLocation(), "this call", "the generator met an unexpected case (" + ex.GetType().Name + ": " + ex.Message + ")");
            }
        }

        internal static CallSiteResult? ParseCallSiteCore(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            // A call is bound only when its candidates (CallCandidates) leave a tracked method among more than one.
            var candidates = CallCandidates.Of(invocation, model, cancellationToken);
            if (candidates is { } known && !known.Any(MayBeTracked))
                return null;
            if ((CallCandidates.Single(candidates) ?? model.GetSymbolInfo(invocation, cancellationToken).Symbol) is not IMethodSymbol called)
                return null;
            var method = (called.ReducedFrom ?? called).OriginalDefinition;
            // What does not depend on the call (facts.Display, signature checks, the interceptor's model) is read once per method.
            if (CalledMethod.Of(method, model.Compilation) is not { } facts)
                return null;

            var nameLocation = NameOf(invocation).GetLocation();
            // Iterators: their enumerations are measured (Parser.Iterators.cs). One that cannot be is reported once:
            // at its declaration in source, here for one compiled in another assembly.
            if (facts.IteratorReason is { } iteratorReason)
                return method.DeclaringSyntaxReferences.IsEmpty ? Fail(nameLocation, facts.Display, iteratorReason) : null;
            if (method.MethodKind != MethodKind.Ordinary)
                return Fail(nameLocation, facts.Display, "only ordinary methods can be intercepted");
            if (invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax })
            {
                // Intercepting would turn the non-virtual base call into a virtual one (wrong method, or endless recursion).
                return new CallSiteResult(null, new DiagnosticInfo(DiagnosticIds.CannotWrapMethod, LocationInfo.From(nameLocation),
                    new[] { facts.Display, "a 'base.' call cannot be intercepted without becoming a virtual call; mark the overriding method [TrackEmissions] to measure it" }.ToEquatableArray(), AsInfo: true));
            }
            if (ExpressionTrees.Contain(invocation, model, cancellationToken))
                return Fail(nameLocation, facts.Display, "calls inside an expression tree are data, not compiled calls");

            if (facts.WrapReason is { } reason)
                return Fail(nameLocation, facts.Display, reason) with { AccessReason = facts.HiddenType };
            if (facts.AccessReason is { } accessorReason)
                return Fail(nameLocation, facts.Display, accessorReason) with { AccessReason = true };

            var interceptable = model.GetInterceptableLocation(invocation, cancellationToken);
            if (interceptable is null)
                return Fail(nameLocation, facts.Display, "the compiler cannot intercept this form of call");

            var line = nameLocation.GetLineSpan().StartLinePosition.Line + 1;
            var location = new InterceptLocation(interceptable.Version, interceptable.Data, Path.GetFileName(invocation.SyntaxTree.FilePath), line);
            return new CallSiteResult(new CallSite(facts.Target!, location, LocationInfo.From(nameLocation)!), null);
        }

        /// <summary>A candidate whose calls may need an interceptor (or a diagnostic): a tracked method.</summary>
        private static bool MayBeTracked(IMethodSymbol candidate) => LoopRunFinder.LedgerName(candidate) is not null;

        private static CallSiteResult Fail(Location location, string display, string reason)
            => new(null, DiagnosticInfo.Create(DiagnosticDescriptors.CannotWrapMethod, location, display, reason));

        private static SyntaxNode NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            var other => other,
        };

        /// <summary>Why generated code cannot stand in for this method at all, or null.</summary>
        private static string? WhyNotWrappable(IMethodSymbol method, Compilation compilation, out bool hiddenType)
        {
            hiddenType = false;
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
                return "it returns by reference";
            if (method.IsVararg)
                return "it takes __arglist";
            if (method.IsStatic && method.ContainingType.TypeKind == TypeKind.Interface && (method.IsAbstract || method.IsVirtual))
                return "static abstract or virtual interface members are resolved per type argument";
            var types = new List<ITypeSymbol> { method.ReturnType };
            types.AddRange(method.Parameters.Select(p => p.Type));
            foreach (var type in types)
            {
                if (ContainsPointer(type))
                    return "its signature uses pointer types";
                if (!IsNameable(type, compilation))
                {
                    hiddenType = HiddenPart(type) is not null;
                    return UnnameableTypeReason("its signature uses", type);
                }
            }
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                    return "it is declared in a file-local type";
            }
            foreach (var constraint in AllTypeParameters(method).SelectMany(t => t.ConstraintTypes))
            {
                if (!IsNameable(constraint, compilation))
                    return UnnameableTypeReason("a constraint of its type parameters uses", constraint);
            }
            var typeParameterNames = AllTypeParameters(method).Select(t => t.Name).ToList();
            if (typeParameterNames.Distinct().Count() != typeParameterNames.Count)
                return "its type parameters and those of its containing types share a name";
            if (method.Parameters.Any(p => p.GetAttributes().Any(a => a.AttributeClass?.Name == "UnscopedRefAttribute")))
                return "it has an [UnscopedRef] parameter";
            return null;
        }

        private static bool ContainsPointer(ITypeSymbol type) => type switch
        {
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
            IArrayTypeSymbol array => ContainsPointer(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsPointer),
            _ => false,
        };

        private static bool IsNameable(ITypeSymbol type, Compilation compilation) => type switch
        {
            ITypeParameterSymbol => true,
            IArrayTypeSymbol array => IsNameable(array.ElementType, compilation),
            INamedTypeSymbol { IsAnonymousType: true } => false,
            INamedTypeSymbol named => !IsFileLocalChain(named)
                && (IsPublicChain(named) || compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly))
                && named.TypeArguments.All(t => IsNameable(t, compilation)),
            IDynamicTypeSymbol => true,
            _ => false,
        };

        /// <summary>
        /// A public type in public types is accessible from any assembly that can see it: the common case, answered without
        /// the compiler's accessibility check (which scans the compilation's references for every type asked about).
        /// </summary>
        private static bool IsPublicChain(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.DeclaredAccessibility != Accessibility.Public)
                    return false;
            }
            return true;
        }

        private static bool IsFileLocalChain(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.IsFileLocal)
                    return true;
            }
            return false;
        }

        /// <summary>Type parameters of the containing types (outermost first), then of the method: the interceptor's, in the compiler's order.</summary>
        private static IEnumerable<ITypeParameterSymbol> AllTypeParameters(IMethodSymbol method)
        {
            var containing = new List<INamedTypeSymbol>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
                containing.Insert(0, type);
            return containing.SelectMany(t => t.TypeParameters).Concat(method.TypeParameters);
        }

        private static TrackedTarget BuildTarget(IMethodSymbol method, TrackingSettings settings, bool useUnsafeAccessor)
        {
            var containingType = TypeNames.FullyQualified(method.ContainingType);
            var isExtension = method.IsExtensionMethod;
            var shape = isExtension ? CallShape.Extension : method.IsStatic ? CallShape.Static : CallShape.Instance;
            string receiverType = "", receiverRefKind = "";
            if (shape == CallShape.Instance)
            {
                receiverType = containingType;
                if (method.ContainingType.IsValueType)
                    receiverRefKind = method.IsReadOnly || method.ContainingType.IsReadOnly ? "in " : "ref ";
            }
            else if (shape == CallShape.Extension)
            {
                var receiver = method.Parameters[0];
                receiverType = TypeNames.FullyQualified(receiver.Type);
                receiverRefKind = DeclarationRefKind(receiver.RefKind);
            }

            return new TrackedTarget(
                MethodKey: method.GetDocumentationCommentId() ?? method.ToDisplayString(TypeFormat),
                MethodName: method.Name,
                ContainingType: containingType,
                Shape: shape,
                ReceiverType: receiverType,
                ReceiverRefKind: receiverRefKind,
                IsValueTypeContainer: method.ContainingType.IsValueType,
                ReturnType: method.ReturnsVoid ? "void" : TypeNames.FullyQualified(method.ReturnType),
                ReturnsVoid: method.ReturnsVoid,
                Async: AsyncKindOf(method.ReturnType),
                RecordsResult: settings.RecordResult && !settings.Summarize && IsNumeric(method.ReturnType),
                Parameters: method.Parameters.Select(p => ToModel(p, settings)).ToEquatableArray(),
                TypeParameters: AllTypeParameters(method).Select(ToModel).ToEquatableArray(),
                MethodTypeArguments: method.TypeParameters.Select(t => t.Name).ToEquatableArray(),
                UseUnsafeAccessor: useUnsafeAccessor,
                Settings: settings);
        }

        // ---- method groups (CARB102) --------------------------------------------------------------

        public static bool IsCandidateMethodGroup(SyntaxNode node, CancellationToken cancellationToken)
        {
            if (node is not (IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax))
                return false;
            var parent = node.Parent;
            switch (parent)
            {
                case MemberAccessExpressionSyntax member when member.Name == node:
                case MemberBindingExpressionSyntax:
                case InvocationExpressionSyntax invocation when invocation.Expression == node:
                    return false;
                case ArgumentSyntax argument:
                    // nameof(M) names the method without using it.
                    return argument.Parent?.Parent is not InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } };
                case AssignmentExpressionSyntax assignment:
                    return assignment.Right == node;
                case PrefixUnaryExpressionSyntax unary:
                    return unary.IsKind(SyntaxKind.AddressOfExpression);
                default:
                    return parent is EqualsValueClauseSyntax or ReturnStatementSyntax or ArrowExpressionClauseSyntax or CastExpressionSyntax;
            }
        }

        public static DiagnosticInfo? ParseMethodGroup(SyntaxNode node, Compilation compilation, CancellationToken cancellationToken)
        {
            try
            {
                var model = BindingModels.For(compilation, node.SyntaxTree);
                // A local of that name (the data loader `train` passed to a tracked `train`), or no tracked method among the
                // members the name can mean: not a use of a tracked method, nothing bound (CallCandidates).
                if (node is IdentifierNameSyntax { Identifier.ValueText: var name } && CallScope.Of(node) is { } scope
                    && (scope.LocalInScope(name, node.SpanStart)
                        || (!scope.Declares(name) && scope.EnclosingType(model, cancellationToken) is { } enclosing
                            && CallCandidates.ScopeMembers(enclosing, name, compilation).ToList() is { Count: > 0 } members
                            && members.All(member => member is IMethodSymbol method && !MayBeTracked(method.OriginalDefinition)))))
                    return null;
                if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol used)
                    return null;
                var method = (used.ReducedFrom ?? used).OriginalDefinition;
                if (!TryGetSettings(method, out _) || MeasuresItself(method))
                    return null;
                return DiagnosticInfo.Create(DiagnosticDescriptors.TrackedMethodAsDelegate, node.GetLocation(),
                    method.ToDisplayString(MessageFormat), method.Name);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception)
            {
                return null;
            }
        }

        // ---- shared helpers -----------------------------------------------------------------------

        internal static bool IsTrackEmissions(INamedTypeSymbol? attribute)
            => attribute is { Name: "TrackEmissionsAttribute", ContainingNamespace: { Name: "CarbonAttrs", ContainingNamespace.IsGlobalNamespace: true } };

        /// <summary>The method measures itself (partial pattern), so its calls are not intercepted again.</summary>
        private static bool MeasuresItself(IMethodSymbol method)
        {
            if (method.IsPartialDefinition && method.PartialImplementationPart is null)
                return true;
            return method.GetAttributes().Any(a => a.AttributeClass is
            {
                Name: "TrackedImplementationAttribute",
                ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "CarbonAttrs", ContainingNamespace.IsGlobalNamespace: true } },
            });
        }

        internal static bool TryGetSettings(IMethodSymbol method, out TrackingSettings settings)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (!IsTrackEmissions(attribute.AttributeClass))
                    continue;
                string? name = null, experiment = null;
                bool summarize = false, recordArguments = true, recordResult = true;
                foreach (var argument in attribute.NamedArguments)
                {
                    var value = argument.Value.Value;
                    switch (argument.Key)
                    {
                        case "Name": name = value as string; break;
                        case "Experiment": experiment = value as string; break;
                        case "Summarize": summarize = value is true; break;
                        case "RecordArguments": recordArguments = value is true; break;
                        case "RecordResult": recordResult = value is true; break;
                    }
                }
                settings = new TrackingSettings(string.IsNullOrEmpty(name) ? DefaultName(method) : name!, experiment, summarize, recordArguments, recordResult);
                return true;
            }
            settings = null!;
            return false;
        }

        /// <summary><c>Namespace.Type.Method</c> (nested types joined with dots, no type arguments).</summary>
        private static string DefaultName(IMethodSymbol method)
        {
            var parts = new List<string> { method.Name };
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
                parts.Insert(0, type.Name);
            if (method.ContainingNamespace is { IsGlobalNamespace: false } ns)
                parts.Insert(0, ns.ToDisplayString());
            return string.Join(".", parts);
        }

        private static ParameterModel ToModel(IParameterSymbol parameter, TrackingSettings settings)
        {
            var rawName = string.IsNullOrEmpty(parameter.Name) ? "arg" + parameter.Ordinal : parameter.Name;
            var name = SyntaxFacts.GetKeywordKind(rawName) != SyntaxKind.None ? "@" + rawName : rawName;
            return new ParameterModel(
                Name: name,
                RawName: rawName,
                Type: TypeNames.FullyQualified(parameter.Type),
                RefKind: DeclarationRefKind(parameter.RefKind),
                ArgumentPrefix: parameter.RefKind switch
                {
                    RefKind.Ref => "ref ",
                    RefKind.Out => "out ",
                    RefKind.In or RefKind.RefReadOnlyParameter => "in ",
                    _ => "",
                },
                IsParams: parameter.IsParams,
                IsScoped: parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out,
                IsRecorded: settings.RecordArguments && !settings.Summarize && parameter.RefKind != RefKind.Out && IsRecordable(parameter.Type));
        }

        private static string DeclarationRefKind(RefKind refKind) => refKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => "",
        };

        private static TypeParameterModel ToModel(ITypeParameterSymbol parameter)
        {
            var constraints = new List<string>();
            if (parameter.HasUnmanagedTypeConstraint)
                constraints.Add("unmanaged");
            else if (parameter.HasValueTypeConstraint)
                constraints.Add("struct");
            else if (parameter.HasReferenceTypeConstraint)
                constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            else if (parameter.HasNotNullConstraint)
                constraints.Add("notnull");
            constraints.AddRange(parameter.ConstraintTypes.Select(t => TypeNames.FullyQualified(t)));
            if (parameter.HasConstructorConstraint)
                constraints.Add("new()");
            if (parameter.AllowsRefLikeType)
                constraints.Add("allows ref struct");
            return new TypeParameterModel(parameter.Name, constraints.Count == 0 ? "" : "where " + parameter.Name + " : " + string.Join(", ", constraints));
        }

        private static AsyncKind AsyncKindOf(ITypeSymbol type)
        {
            if (type is not INamedTypeSymbol { ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } named)
                return AsyncKind.None;
            return (named.Name, named.Arity) switch
            {
                ("Task", 0) => AsyncKind.Task,
                ("Task", 1) => AsyncKind.TaskOfT,
                ("ValueTask", 0) => AsyncKind.ValueTask,
                ("ValueTask", 1) => AsyncKind.ValueTaskOfT,
                _ => AsyncKind.None,
            };
        }

        private static bool IsNumeric(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                type = nullable.TypeArguments[0];
            return type.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16
                or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64
                or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;
        }

        /// <summary>Primitive, string, enum, or nullable of those: what the ledger records as a hyperparameter.</summary>
        private static bool IsRecordable(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                type = nullable.TypeArguments[0];
            return type.TypeKind == TypeKind.Enum || IsNumeric(type)
                || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_String;
        }
    }
}
