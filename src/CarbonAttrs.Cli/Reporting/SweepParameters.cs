using CarbonAttrs.Footprint.Ledgers;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>
/// Which hyperparameters of a sweep vary, and how the result and the energy move with each (the reporting
/// guidelines' "sensitivity to hyperparameters"). Constant ones (<c>epochs=5, model=Sequential, ...</c>) are said
/// once instead of on every row and chart label.
/// </summary>
internal static class SweepParameters
{
    public static (IReadOnlyList<KeyValuePair<string, string>> Constant, IReadOnlySet<string> Varying) Split(IReadOnlyCollection<LedgerRow> rows)
    {
        var keys = rows.SelectMany(r => r.Hyperparameters.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToArray();
        var constant = new List<KeyValuePair<string, string>>();
        var varying = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var values = rows.Select(r => Value(r, key)).Distinct().ToArray();
            // With a single run nothing varies: every hyperparameter is "constant", said once above the table.
            if (values.Length == 1 && values[0] is not null)
                constant.Add(new KeyValuePair<string, string>(key, values[0]!));
            else
                varying.Add(key);
        }
        return (constant, varying);
    }

    /// <summary>
    /// Facts of the model (CarbonAttrs.TorchSharp's <c>RecordModel</c>), not choices: when a chosen hyperparameter
    /// varies too, they follow from it (hidden units set the parameter count), so labels and sensitivity tables leave
    /// them out and the run table gives the parameter count a column of its own.
    /// </summary>
    public static readonly IReadOnlySet<string> ModelFacts = new HashSet<string>(StringComparer.Ordinal)
    {
        "model", "model_parameters", "model_trainable_parameters", "model_device", "model_dtype",
    };

    /// <summary>The varying hyperparameters that tell runs apart: chosen ones, or the model facts when only they vary.</summary>
    public static IReadOnlySet<string> Distinguishing(IReadOnlySet<string> varying)
        => varying.Any(k => !ModelFacts.Contains(k)) ? varying.Where(k => !ModelFacts.Contains(k)).ToHashSet(StringComparer.Ordinal) : varying;

    /// <summary>The row's varying hyperparameters as <c>k=v, ...</c> in the row's order; all of them when none vary.</summary>
    public static string Label(LedgerRow row, IReadOnlySet<string>? varying)
    {
        var shown = varying is { Count: > 0 } ? row.Hyperparameters.Where(p => Distinguishing(varying).Contains(p.Key)) : row.Hyperparameters;
        return string.Join(", ", shown.Select(p => $"{p.Key}={p.Value}"));
    }

    public static string? Value(LedgerRow row, string key)
    {
        foreach (var pair in row.Hyperparameters)
        {
            if (pair.Key == key)
                return pair.Value;
        }
        return null;
    }

    /// <summary>Per varying hyperparameter: each of its values with the runs, mean result and mean energy at that value.</summary>
    public static IReadOnlyList<Sensitivity> SensitivityOf(Sweep sweep)
    {
        var result = new List<Sensitivity>();
        foreach (var key in OrderedKeys(sweep))
        {
            var levels = sweep.Points
                .GroupBy(p => Value(p.Row, key) ?? "(not recorded)")
                .Select(g =>
                {
                    var results = g.Where(p => p.Row.Result is not null).Select(p => p.Row.Result!.Value).ToArray();
                    return new SensitivityLevel(g.Key, g.Count(), results.Length > 0 ? results.Average() : null,
                        results.Length > 0 ? results.Max() : null, g.Average(p => p.Row.EnergyKwh));
                })
                .ToArray();
            result.Add(new Sensitivity(key, OrderLevels(levels)));
        }
        return result;
    }

    // Keys in the order the runs recorded them (the order the user wrote), not alphabetically.
    private static IEnumerable<string> OrderedKeys(Sweep sweep)
        => sweep.Points.SelectMany(p => p.Row.Hyperparameters.Select(h => h.Key)).Distinct(StringComparer.Ordinal)
            .Where(Distinguishing(sweep.VaryingHyperparameters).Contains);

    // Numbers in numeric order (1e-3 before 0.01 before 0.1), anything else in text order.
    private static IReadOnlyList<SensitivityLevel> OrderLevels(SensitivityLevel[] levels)
    {
        static double? Number(string text) => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        return levels.All(l => Number(l.Value) is not null)
            ? levels.OrderBy(l => Number(l.Value)).ToArray()
            : levels.OrderBy(l => l.Value, StringComparer.Ordinal).ToArray();
    }
}

/// <summary>How one hyperparameter's values relate to the result and the energy.</summary>
internal sealed record Sensitivity(string Hyperparameter, IReadOnlyList<SensitivityLevel> Levels);

/// <summary>One value of a hyperparameter: how many runs used it, their mean and best result, their mean energy.</summary>
internal sealed record SensitivityLevel(string Value, int Runs, double? MeanResult, double? BestResult, double MeanEnergyKwh);
