using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.CodeFixes;
using CarbonAttrs.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CarbonAttrs.Analyzers.Tests.CodeFixes;

/// <summary>
/// CARB101 on calls generated code cannot reach (UnreachableTrackedCallAnalyzer) and its two fixes, on .NET 8 (where a
/// private member of a static class needs them) and .NET 10 (instance methods of private nested types). The generator
/// runs too: the fixed code must compile (a partial declaration needs the implementation it writes) with no CARB101 left.
/// </summary>
public sealed class PrivateTrackedMethodFixerTests
{
    private const string MakeInternal = "CARB101.MakeInternal";
    private const string PartialPattern = "CARB101.PartialPattern";

    private const string StaticClass = """
        using CarbonAttrs;

        public static class Trainer
        {
            public static double Sweep() => {|CARB101:Fit|}(0.1) + {|CARB101:Fit|}(0.01);

            [TrackEmissions]
            static double Fit(double lr) => lr * 10;
        }
        """;

    [Fact]
    public Task Net8_private_member_of_a_static_class_is_made_internal() => VerifyAsync(Framework.Net80, StaticClass, """
        using CarbonAttrs;

        public static class Trainer
        {
            public static double Sweep() => Fit(0.1) + Fit(0.01);

            [TrackEmissions]
            internal static double Fit(double lr) => lr * 10;
        }
        """, MakeInternal);

    [Fact]
    public Task Net8_private_member_of_a_static_class_becomes_a_partial_method_with_a_Core_body() => VerifyAsync(Framework.Net80, StaticClass, """
        using CarbonAttrs;

        public static partial class Trainer
        {
            public static double Sweep() => Fit(0.1) + Fit(0.01);

            [TrackEmissions]
            private static partial double Fit(double lr);
            static double FitCore(double lr) => lr * 10;
        }
        """, PartialPattern);

    private const string NestedTypes = """
        using CarbonAttrs;

        namespace Training
        {
            public sealed class Trainer
            {
                private sealed class Config { public int Epochs = 2; }

                class Model
                {
                    [TrackEmissions]
                    public int Forward(int x)
                    {
                        return x + 1;
                    }
                }

                [TrackEmissions]
                private static int Fit(Config config) => config.Epochs;

                public int Run() => new Model().{|CARB101:Forward|}(1) + {|CARB101:Fit|}(new Config());
            }
        }
        """;

    [Fact]
    public Task Net10_private_nested_types_the_interceptor_must_name_are_made_internal() => VerifyAsync(Framework.Net100, NestedTypes, """
        using CarbonAttrs;

        namespace Training
        {
            public sealed class Trainer
            {
                internal sealed class Config { public int Epochs = 2; }

                internal class Model
                {
                    [TrackEmissions]
                    public int Forward(int x)
                    {
                        return x + 1;
                    }
                }

                [TrackEmissions]
                internal static int Fit(Config config) => config.Epochs;

                public int Run() => new Model().Forward(1) + Fit(new Config());
            }
        }
        """, MakeInternal, iterations: 2);

    [Fact]
    public Task Net10_instance_method_of_a_private_nested_type_becomes_a_partial_method() => VerifyAsync(Framework.Net100, """
        using CarbonAttrs;

        namespace Training
        {
            public sealed class Trainer
            {
                class Model
                {
                    [TrackEmissions]
                    public int Forward(int x)
                    {
                        return x + 1;
                    }
                }

                public int Run() => new Model().{|CARB101:Forward|}(1);
            }
        }
        """, """
        using CarbonAttrs;

        namespace Training
        {
            public sealed partial class Trainer
            {
                partial class Model
                {
                    [TrackEmissions]
                    public partial int Forward(int x);
                    public int ForwardCore(int x)
                    {
                        return x + 1;
                    }
                }

                public int Run() => new Model().Forward(1);
            }
        }
        """, PartialPattern);

    [Fact]
    public async Task Nothing_to_fix_where_dotnet10_reaches_the_method()
    {
        // On .NET 10 a private member of a static class is measured (no CARB101 at all), so there is nothing to fix.
        const string Source = """
            using CarbonAttrs;
            using System.Collections.Generic;

            public static class Trainer
            {
                public static double Sweep() => Fit(0.1);

                [TrackEmissions]
                static double Fit(double lr) => lr * 10;
            }
            """;
        await new FixTest(Framework.Net100) { TestCode = Source, FixedCode = Source }.RunAsync();
    }

    private enum Framework
    {
        Net80,
        Net100,
    }

    private static Task VerifyAsync(Framework framework, string source, string fixedSource, string equivalenceKey, int iterations = 1)
    {
        var test = new FixTest(framework)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            NumberOfIncrementalIterations = iterations,
            NumberOfFixAllIterations = 1,
        };
        return test.RunAsync();
    }

    private sealed class FixTest(Framework framework) : GeneratorCodeFixTest<UnreachableTrackedCallAnalyzer, PrivateTrackedMethodFixer>(
        framework == Framework.Net80 ? "net8.0" : "net10.0",
        framework == Framework.Net80 ? Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>() : TestReferences.Framework);
}
