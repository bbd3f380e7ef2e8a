using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The type of a call's receiver when declarations give it without binding the method around the call
    /// (<see cref="CallCandidates"/>): <c>this</c>; a parameter of the member; a field or property of the enclosing types
    /// (<c>model</c>, <c>this.model</c>); a type name (<c>MNIST.Run</c>, <c>System.Threading.Tasks.Task.Run</c>), bound as a type
    /// in the type's scope. Null for anything else (a <c>var</c> local, an expression): the call is bound as before.
    /// </summary>
    internal static class CallReceivers
    {
        public static ITypeSymbol? TypeOf(ExpressionSyntax receiver, CallScope scope, INamedTypeSymbol enclosing, SemanticModel model, CancellationToken cancellationToken)
        {
            var type = receiver switch
            {
                ThisExpressionSyntax => enclosing,
                IdentifierNameSyntax name => OfName(name, scope, enclosing, model, cancellationToken),
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } access
                    when access.IsKind(SyntaxKind.SimpleMemberAccessExpression) => OfMember(enclosing, name.Identifier.ValueText, model.Compilation, allowTypes: false),
                MemberAccessExpressionSyntax or AliasQualifiedNameSyntax when IsDottedName(receiver) => OfTypeName(receiver, scope, enclosing, model, cancellationToken),
                _ => null,
            };
            return Usable(type);
        }

        /// <summary>
        /// The type a receiver names when it is a type name, not a value (<c>TrainingProgress.Run(...)</c>): no extension
        /// method can be called on it. Null for a value, for a name a member or a primary constructor declares, and for a
        /// field or property of that name (a <c>Color Color</c> receiver is bound).
        /// </summary>
        public static ITypeSymbol? TypeNamed(ExpressionSyntax receiver, CallScope scope, INamedTypeSymbol enclosing, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!IsDottedName(receiver))
                return null;
            if (receiver is IdentifierNameSyntax { Identifier.ValueText: var name })
            {
                if (name.Length == 0 || scope.IsPrimaryParameter(name) || scope.DeclarationsInMember(name).Any())
                    return null;
                var members = CallCandidates.ScopeMembers(enclosing, name, model.Compilation).Take(2).ToList();
                if (members.Count > 0)
                    return members is [INamedTypeSymbol nested] ? Usable(nested) : null;
            }
            return Usable(OfTypeName(receiver, scope, enclosing, model, cancellationToken));
        }

        private static ITypeSymbol? Usable(ITypeSymbol? type)
            => type is { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface or TypeKind.Enum or TypeKind.Delegate } ? type : null;

        private static ITypeSymbol? OfName(IdentifierNameSyntax receiver, CallScope scope, INamedTypeSymbol enclosing, SemanticModel model, CancellationToken cancellationToken)
        {
            var name = receiver.Identifier.ValueText;
            if (name.Length == 0 || scope.IsPrimaryParameter(name))
                return null;
            var declarations = scope.DeclarationsInMember(name).Take(2).ToList();
            if (declarations.Count > 0)
            {
                // Declared once in the member, so nothing else there has the name: the member's own parameter, or a local
                // whose type is written (`Lab lab = ...`, `var lab = new Lab(...)`) and whose block holds the call.
                if (declarations.Count != 1)
                    return null;
                return declarations[0].Parent switch
                {
                    ParameterSyntax { Type: not null } parameter when scope.IsOwnParameter(parameter)
                        => model.GetDeclaredSymbol(parameter, cancellationToken)?.Type,
                    VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } declaration } declarator
                        when CallScope.LocalScope(statement) is { } block && block.Span.Contains(receiver.Span) && WrittenType(declaration, declarator) is { } written
                        => BindType(written, scope, model),
                    _ => null,
                };
            }
            return OfMember(enclosing, name, model.Compilation, allowTypes: true) ?? OfTypeName(receiver, scope, enclosing, model, cancellationToken);
        }

        /// <summary>The type a local's declaration spells: its declared type, or for <c>var</c> the type its <c>new</c> creates.</summary>
        private static TypeSyntax? WrittenType(VariableDeclarationSyntax declaration, VariableDeclaratorSyntax declarator)
            => !declaration.Type.IsVar ? declaration.Type
                : declarator.Initializer?.Value is ObjectCreationExpressionSyntax { Type: var created } ? created
                : null;

        /// <summary>
        /// A type written in the member, bound where the member starts (the type's scope). None of its names may be declared in
        /// the member (a method's type parameter means something else there).
        /// </summary>
        private static ITypeSymbol? BindType(TypeSyntax type, CallScope scope, SemanticModel model)
        {
            if (type.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Any(name => scope.Declares(name.Identifier.ValueText)))
                return null;
            return model.GetSpeculativeTypeInfo(scope.TypeScopePosition, type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        }

        /// <summary>The type of the one field or property (or nested type) of that name in scope; null when there is none or more.</summary>
        private static ITypeSymbol? OfMember(INamedTypeSymbol enclosing, string name, Compilation compilation, bool allowTypes)
        {
            return CallCandidates.OnlyScopeMember(enclosing, name, compilation) switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                INamedTypeSymbol type when allowTypes => type,
                _ => null,
            };
        }

        /// <summary>
        /// A receiver that names a type: bound as a type where the member starts (the type's scope). Its first name must not
        /// be declared in the member or be a member of the enclosing types (then it is a value, not a type).
        /// </summary>
        private static ITypeSymbol? OfTypeName(ExpressionSyntax receiver, CallScope scope, INamedTypeSymbol enclosing, SemanticModel model, CancellationToken cancellationToken)
        {
            if (receiver.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().FirstOrDefault()?.Identifier.ValueText is not { Length: > 0 } first
                || scope.Declares(first) || (receiver is not IdentifierNameSyntax && CallCandidates.ScopeMembers(enclosing, first, model.Compilation).Any()))
                return null;
            var typeSyntax = receiver as NameSyntax ?? SyntaxFactory.ParseTypeName(receiver.ToString());
            return model.GetSpeculativeSymbolInfo(scope.TypeScopePosition, typeSyntax, SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol as INamedTypeSymbol;
        }

        /// <summary><c>A.B.C</c> or <c>global::A.B</c>: names only, no type arguments.</summary>
        private static bool IsDottedName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax => true,
            AliasQualifiedNameSyntax alias => alias.Name is IdentifierNameSyntax,
            MemberAccessExpressionSyntax access => access.IsKind(SyntaxKind.SimpleMemberAccessExpression) && access.Name is IdentifierNameSyntax && IsDottedName(access.Expression),
            _ => false,
        };
    }
}
