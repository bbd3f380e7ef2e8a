using CarbonAttrs.Analyzers.Rules;
using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.CodeFixes;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.MlNetVerifier<CarbonAttrs.Analyzers.Rules.PredictionEngineInLoopAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.MlNet;

public class PredictionEngineInLoopAnalyzerTests
{
    private const string Header = MlNetSources.Usings + MlNetSources.Rows;

    [Fact]
    public Task Engine_declared_in_a_loop_is_reported_and_moved_before_it() => V.VerifyFixAsync<PredictionEngineInLoopFixer>(
        Header + """
        static class Scoring
        {
            static int Positives(MLContext ml, ITransformer model, IEnumerable<Row> rows)
            {
                var positives = 0;
                foreach (var row in rows)
                {
                    // One engine per model is enough.
                    var engine = {|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model)|};
                    if (engine.Predict(row).PredictedLabel)
                        positives++;
                }

                return positives;
            }
        }
        """,
        Header + """
        static class Scoring
        {
            static int Positives(MLContext ml, ITransformer model, IEnumerable<Row> rows)
            {
                var positives = 0;
                // One engine per model is enough.
                var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
                foreach (var row in rows)
                {
                    if (engine.Predict(row).PredictedLabel)
                        positives++;
                }

                return positives;
            }
        }
        """);

    [Fact]
    public Task Engine_created_inside_an_expression_becomes_a_local_before_the_outermost_invariant_loop() => V.VerifyFixAsync<PredictionEngineInLoopFixer>(
        Header + """
        static class Scoring
        {
            static float Total(MLContext ml, ITransformer model, Row[][] batches)
            {
                var total = 0f;
                for (var i = 0; i < batches.Length; i++)
                    foreach (var row in batches[i])
                        total += {|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model, ignoreMissingColumns: true)|}.Predict(row).Score;
                return total;
            }
        }
        """,
        Header + """
        static class Scoring
        {
            static float Total(MLContext ml, ITransformer model, Row[][] batches)
            {
                var total = 0f;
                var predictionEngine = ml.Model.CreatePredictionEngine<Row, Prediction>(model, ignoreMissingColumns: true);
                for (var i = 0; i < batches.Length; i++)
                    foreach (var row in batches[i])
                        total += predictionEngine.Predict(row).Score;
                return total;
            }
        }
        """);

    private const string TwoLoops = Header + """
        static class Scoring
        {
            static void Both(MLContext ml, ITransformer model, Row[] train, Row[] test)
            {
                foreach (var row in train)
                {
                    var engine = {|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model)|};
                    Console.WriteLine(engine.Predict(row).Score);
                }

                foreach (var row in test)
                {
                    using var engine = {|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model)|};
                    Console.WriteLine(engine.Predict(row).PredictedLabel);
                }
            }
        }
        """;

    /// <summary>
    /// The first engine is renamed: when it moves up, the second loop still declares an <c>engine</c> inside the block it
    /// moves to (CS0136). The second then moves up under its own name. One by one or all at once, the result is the same.
    /// </summary>
    private const string TwoLoopsFixed = Header + """
        static class Scoring
        {
            static void Both(MLContext ml, ITransformer model, Row[] train, Row[] test)
            {
                var engine2 = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
                foreach (var row in train)
                {
                    Console.WriteLine(engine2.Predict(row).Score);
                }

                using var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
                foreach (var row in test)
                {
                    Console.WriteLine(engine.Predict(row).PredictedLabel);
                }
            }
        }
        """;

    [Fact]
    public Task Fix_all_hoists_every_engine_and_renames_a_clash() =>
        V.VerifyFixAsync<PredictionEngineInLoopFixer>(TwoLoops, TwoLoopsFixed);

    [Fact]
    public Task Engine_in_a_top_level_loop_moves_to_a_top_level_statement() => V.VerifyFixAsync<PredictionEngineInLoopFixer>(
        MlNetSources.Usings + """
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load("model.zip", out _);

        foreach (var row in new[] { new Row(), new Row() })
        {
            var engine = {|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model)|};
            Console.WriteLine(engine.Predict(row).Score);
        }

        """ + MlNetSources.Rows,
        MlNetSources.Usings + """
        var ml = new MLContext(seed: 1);
        var model = ml.Model.Load("model.zip", out _);

        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
        foreach (var row in new[] { new Row(), new Row() })
        {
            Console.WriteLine(engine.Predict(row).Score);
        }

        """ + MlNetSources.Rows,
        outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);

    private const string UsingStatementInLoop = Header + """
        static class Scoring
        {
            static void Print(MLContext ml, ITransformer model, Row[] rows)
            {
                foreach (var row in rows)
                {
                    using (var engine = {|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model)|})
                        Console.WriteLine(engine.Predict(row).Score);
                }
            }
        }
        """;

    /// <summary>The using statement disposes the engine every iteration: moving only the creation would reuse a disposed engine.</summary>
    [Fact]
    public Task Engine_disposed_by_a_using_statement_in_the_loop_is_reported_without_a_fix() =>
        V.VerifyFixAsync<PredictionEngineInLoopFixer>(UsingStatementInLoop, UsingStatementInLoop);

    private const string EngineCapturedByTasks = Header + """
        static class Scoring
        {
            static System.Threading.Tasks.Task<float>[] Scores(MLContext ml, ITransformer model, Row[] rows)
            {
                var tasks = new List<System.Threading.Tasks.Task<float>>();
                foreach (var row in rows)
                {
                    var engine = {|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model)|};
                    tasks.Add(System.Threading.Tasks.Task.Run(() => engine.Predict(row).Score));
                }

                return tasks.ToArray();
            }
        }
        """;

    /// <summary>A PredictionEngine is not thread-safe: one engine shared by concurrent tasks is not a fix (a pool is).</summary>
    [Fact]
    public Task Engine_captured_by_concurrent_tasks_is_reported_without_a_fix() =>
        V.VerifyFixAsync<PredictionEngineInLoopFixer>(EngineCapturedByTasks, EngineCapturedByTasks);

    [Fact]
    public Task Engine_created_once_and_reused_across_the_loop_is_not_reported() => V.VerifyAsync(Header + """
        static class Scoring
        {
            static void Print(MLContext ml, ITransformer model, Row[] rows)
            {
                var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
                foreach (var row in rows)
                    Console.WriteLine(engine.Predict(row).Score);
            }
        }
        """);

    [Fact]
    public Task One_engine_per_model_the_loop_trains_or_loads_is_not_reported() => V.VerifyAsync(Header + """
        static class Scoring
        {
            static void PerModel(MLContext ml, IDataView data, Row sample, string[] paths)
            {
                foreach (var leaves in new[] { 8, 16 })
                {
                    var model = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves).Fit(data);
                    var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);
                    Console.WriteLine(engine.Predict(sample).Score);
                }

                foreach (var path in paths)
                {
                    var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(ml.Model.Load(path, out _));
                    Console.WriteLine(engine.Predict(sample).Score);
                }

                ITransformer current = null!;
                for (var i = 0; i < 3; i++)
                {
                    current = ml.Model.Load(paths[i], out var schema);
                    Console.WriteLine(ml.Model.CreatePredictionEngine<Row, Prediction>(current).Predict(sample).Score);
                }
            }
        }
        """);

    [Fact]
    public Task Engine_in_the_loop_of_a_lambda_or_in_a_loop_collection_is_judged_by_its_own_loop() => V.VerifyAsync(Header + """
        static class Scoring
        {
            static void Lambdas(MLContext ml, ITransformer model, Row[] rows)
            {
                foreach (var prediction in new[] { ml.Model.CreatePredictionEngine<Row, Prediction>(model) })
                    Console.WriteLine(prediction);

                Action<Row[]> score = batch =>
                {
                    foreach (var row in batch)
                        Console.WriteLine({|CARB009:ml.Model.CreatePredictionEngine<Row, Prediction>(model)|}.Predict(row).Score);
                };
                foreach (var row in rows)
                    System.Threading.Tasks.Task.Run(() => ml.Model.CreatePredictionEngine<Row, Prediction>(model).Predict(row));
                score(rows);
            }
        }
        """);
}
