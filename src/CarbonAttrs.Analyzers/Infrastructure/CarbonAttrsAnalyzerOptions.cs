using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Infrastructure;

/// <summary>
/// The <c>.editorconfig</c> options the rules read (<c>carbonattrs.&lt;name&gt; = value</c>), per syntax tree,
/// falling back to global options (<c>is_global</c> files, MSBuild-provided values) and then to defaults.
/// </summary>
internal static class CarbonAttrsAnalyzerOptions
{
    public const string TrainingStepMethodsKey = "carbonattrs.training_step_methods";
    public const string MaxSweepConfigurationsKey = "carbonattrs.max_sweep_configurations";
    public const string EvaluationMethodPrefixesKey = "carbonattrs.evaluation_method_prefixes";
    public const string MaxRowsPerLoopKey = "carbonattrs.max_rows_per_loop";

    public const int DefaultMaxSweepConfigurations = 100;
    public const int DefaultMaxRowsPerLoop = 1000;

    public static readonly ImmutableArray<string> DefaultEvaluationMethodPrefixes =
        ImmutableArray.Create("Eval", "Evaluate", "Test", "Validate", "Predict", "Infer");

    public static string? GetRaw(AnalyzerConfigOptionsProvider provider, SyntaxTree? tree, string key)
    {
        if (tree is not null && provider.GetOptions(tree).TryGetValue(key, out var local) && !string.IsNullOrWhiteSpace(local))
        {
            return local;
        }

        return provider.GlobalOptions.TryGetValue(key, out var global) && !string.IsNullOrWhiteSpace(global) ? global : null;
    }

    public static long GetPositiveNumber(AnalyzerConfigOptionsProvider provider, SyntaxTree? tree, string key, long fallback)
    {
        var raw = GetRaw(provider, tree, key);
        return raw is not null
            && long.TryParse(raw.Trim().Replace("_", string.Empty).Replace(",", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value > 0
            ? value
            : fallback;
    }

    public static ImmutableArray<string> GetList(AnalyzerConfigOptionsProvider provider, SyntaxTree? tree, string key, ImmutableArray<string> fallback)
    {
        var raw = GetRaw(provider, tree, key);
        if (raw is null)
        {
            return fallback;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in raw.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var item = part.Trim();
            if (item.Length > 0)
            {
                builder.Add(item);
            }
        }

        return builder.ToImmutable();
    }
}
