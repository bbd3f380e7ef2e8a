using CarbonAttrs.Generators.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Snapshooter.Xunit;

namespace CarbonAttrs.Generators.Tests;

/// <summary>The accessor code generated for targets C# cannot name (.NET 10+), reviewed as text (Snapshooter).</summary>
public sealed class AccessorSnapshotTests
{
    [Fact]
    public void Accessors()
    {
        var run = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Snapshots.Accessors;
            public static class Trainer
            {
                [TrackEmissions] static double Fit(double lr) => lr;
                [TrackEmissions(Summarize = true)] private static void Step(ref int batch) => batch++;
                [TrackEmissions] private static int Count<T>(IReadOnlyList<T> items) where T : notnull => items.Count;
                private static class Kernels { [TrackEmissions] internal static int Fuse(int n) => n; }
                public static double Run() { var b = 0; Step(ref b); return Fit(0.1) + Count(new[] { 1 }) + Kernels.Fuse(b); }
            }
            public static class Scale<T> where T : struct
            {
                [TrackEmissions] private static T Identity(T value) => value;
                public static T Run(T value) => Identity(value);
            }
            public sealed class Box<T>(T value)
            {
                [TrackEmissions] private TOut Map<TOut>(System.Func<T, TOut> map) => map(value);
                public string Run() => Map(v => v + "!");
            }
            """);
        run.AssertClean();

        // The runtime type names carry the assembly name, which the harness makes unique per compilation.
        var stable = Regex.Replace(GeneratorHarness.Scrub(run.Interceptors), "Consumer_[0-9a-f]{32}", "Consumer");
        Snapshot.Match(stable);
    }
}
