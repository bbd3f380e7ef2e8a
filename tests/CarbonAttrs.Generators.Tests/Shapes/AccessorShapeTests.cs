using CarbonAttrs.Generators.Tests.Infrastructure;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>
/// .NET 10 consumers: targets generated code cannot name (private members of static classes, methods of private nested
/// types, generic private members) are reached through UnsafeAccessor + UnsafeAccessorType, compiled, run, and their
/// ledger rows read back.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class AccessorShapeTests(TrackerFixture tracker)
{
    [Fact]
    public void A_private_static_method_of_a_static_class_is_measured_on_every_call()
    {
        // The first script: C#'s default accessibility makes Fit private.
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Accessors.StaticClass;
            public static class Trainer
            {
                public static double Sweep() { var s = 0.0; foreach (var lr in new[] { 0.1, 0.01 }) s += Fit(lr); return s; }
                [TrackEmissions] static double Fit(double lr) => lr * 10;
            }
            """);

        Assert.Equal(1.1, (double)loaded.Invoke("Accessors.StaticClass.Trainer", "Sweep")!, 10);
        var rows = tracker.LedgerRows("Accessors.StaticClass.");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("Accessors.StaticClass.Trainer.Fit", r["method"]);
            Assert.Equal("1", r["calls"]);
            Assert.Equal("ok", r["status"]);
        });
        Assert.Equal(new[] { "{\"lr\":0.1}", "{\"lr\":0.01}" }, rows.Select(r => r["hyperparameters"]));
    }

    [Fact]
    public void A_private_extension_method_is_measured_called_either_way()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Accessors.Extension;
            public static class Batches
            {
                [TrackEmissions]
                private static int Scaled(this int[] batch, int factor) => batch.Length * factor;
                public static int Run() => new[] { 1, 2 }.Scaled(3) + Scaled(new[] { 1 }, 4);
            }
            """);

        Assert.Equal(10, loaded.Invoke("Accessors.Extension.Batches", "Run"));
        var rows = tracker.LedgerRows("Accessors.Extension.");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(("Accessors.Extension.Batches.Scaled", "ok", "1"), (r["method"], r["status"], r["calls"])));
    }

    [Fact]
    public void A_private_Summarize_helper_of_a_static_class_gives_one_row_with_every_call()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Accessors.Summary;
            public static class Loop
            {
                public static int Train() { var s = 0; for (var i = 0; i < 5; i++) s += Step(i); return s; }
                [TrackEmissions(Summarize = true)]
                private static int Step(int batch) => batch;
            }
            """);

        Assert.Equal(10, loaded.Invoke("Accessors.Summary.Loop", "Train"));
        var row = Assert.Single(tracker.LedgerRows("Accessors.Summary."));
        Assert.Equal("Accessors.Summary.Loop.Step", row["method"]);
        Assert.Equal("5", row["calls"]);
        Assert.Equal("ok", row["status"]);
    }

    [Fact]
    public void Private_instance_methods_and_static_methods_of_private_nested_types_are_measured()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System;
            using CarbonAttrs;
            namespace Accessors.Nested;
            public sealed class Model
            {
                private int _seen;
                [TrackEmissions]
                private int Forward(int x) { _seen++; return x + _seen; }
                private static class Kernels
                {
                    [TrackEmissions]
                    internal static int Fuse(int n) => n * 2;
                }
                private sealed class Schedule
                {
                    [TrackEmissions]
                    private static double Warmup(double lr) => lr > 0 ? lr / 2 : throw new ArgumentOutOfRangeException(nameof(lr));
                    public static double Run(double lr) => Warmup(lr);
                }
                public int Run() => Forward(1) + Kernels.Fuse(3) + (int)Schedule.Run(8);
                public static double Fail() => Schedule.Run(-1);
            }
            public static class Program
            {
                public static int Run() => new Model().Run();
            }
            """);

        Assert.Equal(2 + 6 + 4, loaded.Invoke("Accessors.Nested.Program", "Run"));
        Assert.Throws<ArgumentOutOfRangeException>(() => loaded.Invoke("Accessors.Nested.Model", "Fail"));

        var rows = tracker.LedgerRows("Accessors.Nested.");
        Assert.Equal(new[] { "Accessors.Nested.Model.Forward", "Accessors.Nested.Model.Kernels.Fuse", "Accessors.Nested.Model.Schedule.Warmup", "Accessors.Nested.Model.Schedule.Warmup" },
            rows.Select(r => r["method"]));
        Assert.Equal(new[] { "ok", "ok", "ok", "failed" }, rows.Select(r => r["status"]));
        Assert.All(rows, r => Assert.Equal("1", r["calls"]));
    }

    [Fact]
    public void Generic_private_methods_and_private_methods_of_generic_types_are_measured()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Accessors.Generic;
            public static class Ops
            {
                [TrackEmissions]
                private static int Count<T>(IReadOnlyList<T> items) where T : notnull => items.Count;
                public static int Run() => Count(new[] { "a", "b" }) + Count(new List<int> { 1 });
            }
            public static class Scale<T> where T : struct
            {
                [TrackEmissions]
                private static T Identity(T value) => value;
                public static T Run(T value) => Identity(value);
            }
            public sealed class Box<T>(T value)
            {
                [TrackEmissions]
                private T Get() => value;
                [TrackEmissions]
                private TOut Map<TOut>(System.Func<T, TOut> map) => map(value);
                public T Run() => Get();
                public string RunMap() => Map(v => v + "!");
            }
            public sealed class Outer<T>
            {
                private sealed class Inner<U>
                {
                    [TrackEmissions]
                    internal static U Echo(T t, U u) => u;
                }
                public static int Run(T t) => Inner<int>.Echo(t, 9);
            }
            public static class Program
            {
                public static int Run() => Ops.Run() + Scale<int>.Run(10) + new Box<int>(100).Run() + new Box<int>(5).RunMap().Length + Outer<string>.Run("x");
            }
            """);

        Assert.Equal(3 + 10 + 100 + 2 + 9, loaded.Invoke("Accessors.Generic.Program", "Run"));
        var rows = tracker.LedgerRows("Accessors.Generic.");
        Assert.Equal(new[] { "Accessors.Generic.Ops.Count", "Accessors.Generic.Ops.Count", "Accessors.Generic.Scale.Identity", "Accessors.Generic.Box.Get",
            "Accessors.Generic.Box.Map", "Accessors.Generic.Outer.Inner.Echo" }, rows.Select(r => r["method"]));
        Assert.All(rows, r => Assert.Equal("ok", r["status"]));
        Assert.All(rows, r => Assert.Equal("1", r["calls"]));
    }

    [Fact]
    public void A_private_type_passed_as_a_type_argument_is_measured()
    {
        // The interceptor is generic, so the call site's private type argument never has to be named by generated code.
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Accessors.TypeArgument;
            public static class Trainer
            {
                private sealed class Config { public int Epochs = 3; }
                [TrackEmissions]
                private static T Prepare<T>(T config) => config;
                public static int Run() => Prepare(new Config()).Epochs;
            }
            """);

        Assert.Equal(3, loaded.Invoke("Accessors.TypeArgument.Trainer", "Run"));
        var row = Assert.Single(tracker.LedgerRows("Accessors.TypeArgument."));
        Assert.Equal("Accessors.TypeArgument.Trainer.Prepare", row["method"]);
        Assert.Equal("ok", row["status"]);
        Assert.Equal("1", row["calls"]);
    }
}
