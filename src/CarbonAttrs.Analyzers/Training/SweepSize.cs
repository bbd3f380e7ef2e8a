using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// The number of training runs a sweep starts, with the arithmetic that produced it (<c>3 × 4 × 10</c>),
/// or unknown when any factor is.
/// </summary>
internal readonly struct SweepSize
{
    public const string TimesSign = " \u00d7 ";

    private SweepSize(long? total, string expression)
    {
        Total = total;
        Expression = expression;
    }

    /// <summary>One training run.</summary>
    public static SweepSize One { get; } = new(1, "1");

    /// <summary>The total, or null when some factor is not known.</summary>
    public long? Total { get; }

    /// <summary>How the total is made, e.g. <c>3 × 4 × 10</c> or <c>3 × (4 + 10)</c>; <c>?</c> stands for an unknown factor.</summary>
    public string Expression { get; }

    public bool IsKnown => Total.HasValue;

    public static SweepSize Sum(IReadOnlyList<SweepSize> terms)
    {
        if (terms.Count == 1)
        {
            return terms[0];
        }

        long? total = 0;
        foreach (var term in terms)
        {
            total = Add(total, term.Total);
        }

        return new SweepSize(total, "(" + string.Join(" + ", terms.Select(t => Wrap(t.Expression))) + ")");
    }

    /// <summary>A loop of <paramref name="count"/> iterations, each starting <paramref name="perIteration"/> runs.</summary>
    public static SweepSize Times(IterationCount count, SweepSize perIteration)
    {
        var countText = count.Value?.ToString(CultureInfo.InvariantCulture) ?? "?";
        long? total = count.Value is { } n && perIteration.Total is { } m ? Multiply(n, m) : null;
        var expression = perIteration.Expression == "1" ? countText : countText + TimesSign + Wrap(perIteration.Expression);
        return new SweepSize(total, expression);
    }

    /// <summary>The message form: <c>3 × 4 × 10 = 120</c>, or just <c>120</c> for a single loop.</summary>
    public string Describe()
    {
        var total = Total?.ToString("N0", CultureInfo.InvariantCulture) ?? "?";
        return Expression.Contains(TimesSign) || Expression.Contains("+") ? Expression + " = " + total : total;
    }

    private static string Wrap(string expression) =>
        expression.Contains(" + ") && !(expression.StartsWith("(") && expression.EndsWith(")")) ? "(" + expression + ")" : expression;

    private static long? Add(long? a, long? b) => a is { } x && b is { } y ? (x > long.MaxValue - y ? long.MaxValue : x + y) : null;

    private static long Multiply(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}
