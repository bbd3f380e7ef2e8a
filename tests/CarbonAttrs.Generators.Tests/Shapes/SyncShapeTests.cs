using CarbonAttrs.Generators.Tests.Infrastructure;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>Each shape of synchronous call is intercepted, runs the original once and records one row.</summary>
[Collection(TrackerCollection.Name)]
public sealed class SyncShapeTests(TrackerFixture tracker)
{
    [Fact]
    public void Instance_method_records_arguments_and_numeric_result()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Shapes.Instance;
            public enum Mode { Fast, Careful }
            public sealed class Trainer
            {
                public static int BodyRuns;
                [TrackEmissions]
                public double Train(int epochs, double lr, string name, Mode mode, int? seed, object config)
                {
                    BodyRuns++;
                    return epochs * lr;
                }
            }
            public static class Program
            {
                public static object Run() => new Trainer().Train(3, 0.5, "a,\"b\"", Mode.Careful, null, new object());
            }
            """);

        var result = loaded.Invoke("Shapes.Instance.Program", "Run");

        Assert.Equal(1.5, result);
        Assert.Equal(1, loaded.Field<int>("Shapes.Instance.Trainer", "BodyRuns"));
        var row = Assert.Single(tracker.Measured("Shapes.Instance."));
        Assert.Equal("Shapes.Instance.Trainer.Train", row.Name);
        Assert.Equal(WindowStatus.Ok, row.Status);
        Assert.Equal("1.5", row.Result);
        Assert.Equal(new[] { "epochs", "lr", "name", "mode", "seed" }, row.Hyperparameters.Select(h => h.Name));
        Assert.Equal(new object?[] { 3, 0.5, "a,\"b\"", "Careful", null }, row.Hyperparameters.Select(h => h.Value is Enum e ? e.ToString() : h.Value));
    }

    [Fact]
    public void A_call_with_a_dynamic_argument_compiles_and_runs_unmeasured_and_the_typed_call_beside_it_is_measured()
    {
        // Bound at run time, a dynamic call cannot be intercepted: the generator must leave it alone, and the build must pass.
        const string source = """
            using CarbonAttrs;
            namespace Shapes.Dynamic;
            public static class Lab
            {
                [TrackEmissions]
                public static int Fit(int seed) => seed * 2;
            }
            public static class Program
            {
                public static object Run()
                {
                    dynamic late = 20;
                    int late2 = Lab.Fit(late);
                    return late2 + Lab.Fit(1);
                }
            }
            """;
        using var loaded = GeneratorHarness.CompileAndLoad(source);

        Assert.Equal(42, loaded.Invoke("Shapes.Dynamic.Program", "Run"));
        var row = Assert.Single(tracker.Measured("Shapes.Dynamic."));
        Assert.Equal("Shapes.Dynamic.Lab.Fit", row.Name);
        Assert.Equal("2", row.Result);
    }

    [Fact]
    public void Parameters_named_like_the_wrapper_locals_or_keywords_do_not_clash()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Shapes.Names;
            public sealed class Odd
            {
                [TrackEmissions]
                public int Mix(int __call, int __result, int __e, int @this, string @class) => __call + __result + __e + @this + @class.Length;
            }
            public static class Program
            {
                public static object Run() => new Odd().Mix(1, 2, 3, 4, "five");
            }
            """);

        Assert.Equal(14, loaded.Invoke("Shapes.Names.Program", "Run"));
        var row = Assert.Single(tracker.Measured("Shapes.Names."));
        Assert.Equal(new[] { "__call", "__result", "__e", "this", "class" }, row.Hyperparameters.Select(h => h.Name));
        Assert.Equal("14", row.Result);
    }

    [Fact]
    public void Static_method_with_name_and_experiment_from_the_attribute()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Shapes.Static;
            public static class Math2
            {
                public static int BodyRuns;
                [TrackEmissions(Name = "Shapes.Static.custom", Experiment = "exp-1", RecordResult = false)]
                public static long Square(long x) { BodyRuns++; return x * x; }
            }
            public static class Program
            {
                public static object Run() => Math2.Square(12);
            }
            """);

        Assert.Equal(144L, loaded.Invoke("Shapes.Static.Program", "Run"));
        Assert.Equal(1, loaded.Field<int>("Shapes.Static.Math2", "BodyRuns"));
        var row = Assert.Single(tracker.Measured("Shapes.Static."));
        Assert.Equal("Shapes.Static.custom", row.Name);
        Assert.Equal("exp-1", row.Experiment);
        Assert.Null(row.Result);
        Assert.Equal(12L, Assert.Single(row.Hyperparameters).Value);
    }

    [Fact]
    public void Extension_method_called_as_extension_and_as_static()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Shapes.Extension;
            public static class Scaling
            {
                public static int BodyRuns;
                [TrackEmissions]
                public static double Scale(this double value, double factor) { BodyRuns++; return value * factor; }
            }
            public static class Program
            {
                public static object Run() => 2.0.Scale(3) + Scaling.Scale(1.0, 4);
            }
            """);

        Assert.Equal(10.0, loaded.Invoke("Shapes.Extension.Program", "Run"));
        Assert.Equal(2, loaded.Field<int>("Shapes.Extension.Scaling", "BodyRuns"));
        var rows = tracker.Measured("Shapes.Extension.");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("Shapes.Extension.Scaling.Scale", r.Name));
        Assert.Equal(new[] { "6", "4" }, rows.Select(r => r.Result));
        Assert.Equal(new object[] { 2.0, 3.0 }, rows[0].Hyperparameters.Select(h => h.Value!));
    }

    [Fact]
    public void Generic_method_of_generic_type_with_constraints()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System;
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Shapes.Generic;
            public sealed class Store<TItem> where TItem : class, IComparable<TItem>
            {
                public static int BodyRuns;
                private readonly List<TItem> _items = new();
                [TrackEmissions]
                public TItem Add<TKey>(TKey key, TItem item) where TKey : struct, IEquatable<TKey>
                {
                    BodyRuns++;
                    _items.Add(item);
                    return item;
                }
                [TrackEmissions]
                public static int Count<T>(IEnumerable<T> values) where T : notnull { BodyRuns++; return new List<T>(values).Count; }
            }
            public static class Program
            {
                public static object Run()
                {
                    var store = new Store<string>();
                    var added = store.Add(7, "seven") + store.Add<Guid>(Guid.Empty, "!");
                    return added + Store<string>.Count(new[] { 1, 2, 3 });
                }
            }
            """);

        Assert.Equal("seven!3", loaded.Invoke("Shapes.Generic.Program", "Run"));
        var rows = tracker.Measured("Shapes.Generic.");
        Assert.Equal(new[] { "Shapes.Generic.Store.Add", "Shapes.Generic.Store.Add", "Shapes.Generic.Store.Count" }, rows.Select(r => r.Name));
        Assert.Equal("3", rows[2].Result);
    }

    [Fact]
    public void Struct_receiver_is_passed_by_reference()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Shapes.Struct;
            public struct Counter
            {
                public int Value;
                [TrackEmissions]
                public void Increment(int by) => Value += by;
            }
            public readonly struct Point
            {
                public Point(int x) { X = x; }
                public int X { get; }
                [TrackEmissions]
                public int Doubled() => X * 2;
            }
            public static class Program
            {
                public static object Run()
                {
                    var counter = new Counter();
                    counter.Increment(2);
                    counter.Increment(3);
                    return counter.Value * 100 + new Point(4).Doubled();
                }
            }
            """);

        Assert.Equal(508, loaded.Invoke("Shapes.Struct.Program", "Run"));
        Assert.Equal(new[] { "Shapes.Struct.Counter.Increment", "Shapes.Struct.Counter.Increment", "Shapes.Struct.Point.Doubled" },
            tracker.Measured("Shapes.Struct.").Select(r => r.Name));
    }

    [Fact]
    public void Ref_out_in_and_ref_readonly_parameters_flow_through()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Shapes.RefKinds;
            public static class Buffers
            {
                [TrackEmissions]
                public static bool Step(ref int position, out int previous, in int size, ref readonly int limit)
                {
                    previous = position;
                    position += size;
                    return position < limit;
                }
            }
            public static class Program
            {
                public static object Run()
                {
                    var position = 1;
                    var limit = 10;
                    var more = Buffers.Step(ref position, out var previous, 4, in limit);
                    return $"{position} {previous} {more}";
                }
            }
            """);

        Assert.Equal("5 1 True", loaded.Invoke("Shapes.RefKinds.Program", "Run"));
        var row = Assert.Single(tracker.Measured("Shapes.RefKinds."));
        // out parameters are not recorded (they have no value on entry).
        Assert.Equal(new[] { "position", "size", "limit" }, row.Hyperparameters.Select(h => h.Name));
    }

    [Fact]
    public void Params_array_and_default_arguments()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Linq;
            using CarbonAttrs;
            namespace Shapes.Params;
            public static class Ops
            {
                [TrackEmissions]
                public static int Sum(int scale = 2, params int[] values) => scale * values.Sum();
            }
            public static class Program
            {
                public static object Run() => Ops.Sum() + Ops.Sum(1, 2, 3) + Ops.Sum(values: new[] { 10 });
            }
            """);

        Assert.Equal(0 + 5 + 20, loaded.Invoke("Shapes.Params.Program", "Run"));
        var rows = tracker.Measured("Shapes.Params.");
        Assert.Equal(new[] { "0", "5", "20" }, rows.Select(r => r.Result));
        Assert.Equal(new object[] { 2, 1, 2 }, rows.Select(r => r.Hyperparameters.Single(h => h.Name == "scale").Value!));
    }

    [Fact]
    public void Calls_inside_lambdas_and_null_conditional_calls()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System;
            using System.Linq;
            using CarbonAttrs;
            namespace Shapes.Lambda;
            public sealed class Model
            {
                [TrackEmissions]
                public int Predict(int x) => x + 1;
            }
            public static class Program
            {
                public static object Run()
                {
                    var model = new Model();
                    Func<int, int> predict = x => model.Predict(x);
                    Model? maybe = model;
                    Model? none = null;
                    return new[] { 1, 2 }.Select(predict).Sum() + (maybe?.Predict(10) ?? 0) + (none?.Predict(100) ?? 0);
                }
            }
            """);

        Assert.Equal(2 + 3 + 11, loaded.Invoke("Shapes.Lambda.Program", "Run"));
        Assert.Equal(new[] { "2", "3", "11" }, tracker.Measured("Shapes.Lambda.").Select(r => r.Result));
    }

    [Fact]
    public void Interface_methods_and_calls_from_generic_callers()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using System.Collections.Generic;
            using CarbonAttrs;
            namespace Shapes.Interface;
            public interface IModel
            {
                [TrackEmissions]
                int Forward(int x);
            }
            public sealed class Linear : IModel
            {
                public int Forward(int x) => 2 * x;
            }
            public static class Batching
            {
                [TrackEmissions]
                public static int Size<T>(IReadOnlyList<T> batch) => batch.Count;
                // The interceptor receives T from the caller's own type parameter.
                public static int Twice<TItem>(TItem[] items) => Size(items) + Size<TItem>(items);
            }
            public static class Program
            {
                public static object Run()
                {
                    IModel model = new Linear();
                    return model.Forward(5) + Batching.Twice(new[] { "a", "b", "c" });
                }
            }
            """);

        Assert.Equal(10 + 6, loaded.Invoke("Shapes.Interface.Program", "Run"));
        Assert.Equal(new[] { "Shapes.Interface.IModel.Forward", "Shapes.Interface.Batching.Size", "Shapes.Interface.Batching.Size" },
            tracker.Measured("Shapes.Interface.").Select(r => r.Name));
    }
}
