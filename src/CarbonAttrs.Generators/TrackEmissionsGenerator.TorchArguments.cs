using System.Linq;
using CarbonAttrs.Generators.Emit;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators;

// TorchSharp arguments (docs/torchsharp.md, "Model and optimizer arguments"): a parameter that is a TorchSharp module,
// optimizer, LR scheduler or device has its facts recorded as hyperparameters under its name, by a direct call into
// CarbonAttrs.TorchSharp. The call is emitted only when the compilation references that package, so the runtime keeps
// no TorchSharp dependency, no registry is consulted at run time, and trimming/AOT see a plain static call.
public sealed partial class TrackEmissionsGenerator
{
    internal static partial class Parser
    {
        private const string TorchArgumentsReader = "CarbonAttrs.TorchSharp.TrackedTorchArguments";

        /// <summary>The declaration's partial implementation with its TorchSharp parameters marked.</summary>
        internal static DeclarationResult WithTorchArguments(DeclarationResult result, GeneratorAttributeSyntaxContext context)
            => result.Partial is { } partial && context.TargetSymbol is IMethodSymbol method
                ? result with { Partial = partial with { Parameters = WithTorchArguments(partial.Parameters, method, context.SemanticModel.Compilation, partial.Settings) } }
                : result;

        /// <summary>Marks the parameters whose TorchSharp facts are recorded; unchanged without CarbonAttrs.TorchSharp.</summary>
        internal static EquatableArray<ParameterModel> WithTorchArguments(EquatableArray<ParameterModel> models, IMethodSymbol method,
            Compilation compilation, TrackingSettings settings)
        {
            if (!settings.RecordArguments || settings.Summarize || models.Count != method.Parameters.Length
                || compilation.GetTypeByMetadataName(TorchArgumentsReader) is null)
                return models;
            var torch = new TorchTypes(compilation);
            if (!torch.Found)
                return models;

            ParameterModel[]? marked = null;
            for (var i = 0; i < models.Count; i++)
            {
                var parameter = method.Parameters[i];
                if (parameter.RefKind == RefKind.Out)
                    continue;
                var kind = torch.KindOf(parameter.Type, depth: 0);
                if (kind == TorchArgumentKind.None)
                    continue;
                marked ??= models.ToArray();
                marked[i] = models[i] with { TorchArgument = kind };
            }
            return marked is null ? models : new EquatableArray<ParameterModel>(marked);
        }

        /// <summary>TorchSharp's base types, resolved once per parsed method (the compilation caches the lookups).</summary>
        private readonly struct TorchTypes
        {
            private readonly INamedTypeSymbol? _module, _optimizer, _scheduler, _device;

            public TorchTypes(Compilation compilation)
            {
                _module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
                _optimizer = compilation.GetTypeByMetadataName("TorchSharp.torch+optim+Optimizer");
                _scheduler = compilation.GetTypeByMetadataName("TorchSharp.torch+optim+lr_scheduler+LRScheduler");
                _device = compilation.GetTypeByMetadataName("TorchSharp.torch+Device");
            }

            public bool Found => _module is not null || _optimizer is not null || _scheduler is not null || _device is not null;

            public TorchArgumentKind KindOf(ITypeSymbol type, int depth)
            {
                // A type parameter constrained to a module (T : Module<Tensor, Tensor>) is one too.
                if (type is ITypeParameterSymbol typeParameter)
                {
                    if (depth > 8)
                        return TorchArgumentKind.None;
                    foreach (var constraint in typeParameter.ConstraintTypes)
                    {
                        var kind = KindOf(constraint, depth + 1);
                        if (kind != TorchArgumentKind.None)
                            return kind;
                    }
                    return TorchArgumentKind.None;
                }
                if (type.TypeKind != TypeKind.Class)
                    return TorchArgumentKind.None;
                for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
                {
                    var definition = current.OriginalDefinition;
                    if (SymbolEqualityComparer.Default.Equals(definition, _module)) return TorchArgumentKind.Module;
                    if (SymbolEqualityComparer.Default.Equals(definition, _optimizer)) return TorchArgumentKind.Optimizer;
                    if (SymbolEqualityComparer.Default.Equals(definition, _scheduler)) return TorchArgumentKind.Scheduler;
                    if (SymbolEqualityComparer.Default.Equals(definition, _device)) return TorchArgumentKind.Device;
                }
                return TorchArgumentKind.None;
            }
        }
    }

    internal static partial class Emitter
    {
        private const string TorchArgumentsType = "global::CarbonAttrs.TorchSharp.TrackedTorchArguments";

        /// <summary>One line per TorchSharp argument, right after the plain arguments: its facts as of the start of the call.</summary>
        private static void WriteTorchArguments(SourceWriter writer, string callLocal, EquatableArray<ParameterModel> parameters)
        {
            foreach (var parameter in parameters.Where(p => p.TorchArgument != TorchArgumentKind.None))
                writer.WriteLine(TorchArgumentsType + "." + parameter.TorchArgument + "(ref " + callLocal + ", " + Literal(parameter.RawName) + ", " + parameter.Name + ");");
        }
    }
}
