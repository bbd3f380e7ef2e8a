using System.Diagnostics;

namespace CarbonAttrs.Benchmarks.TorchSharp;

/// <summary>
/// Fixed step counts, made to be counted from outside (benchmarks/step-instructions.sh runs them under callgrind).
/// <list type="bullet">
/// <item>`steps VARIANT N`: N steps of one variant (untracked | perrow | summarize | flops: per row with FLOPs counted), then
/// <see cref="CarbonTracker.Flush"/>, as one counted region.</item>
/// <item>`regions N1 N2 REPEATS`: in one process, for each repeat and each variant (order rotating per repeat),
/// a region of N1 steps and one of N2 steps, each followed by Flush. (N2 − N1) steps' worth of difference cancels
/// what every region has once (the flush, the toggles); one process cancels start-up, which under callgrind
/// costs minutes per process. Then, once per repeat, regions of N1 and N2 energy samples
/// (<c>EnergySampler.SampleNow</c>, what the sampler thread does every 500 ms; it is kept out of the step
/// regions by a long sampling interval, see the script).</item>
/// </list>
/// Every region is preceded by setup and a warm-up of all three variants (JIT, tracker start-up, the ledger's
/// header) and a full GC, so what runs inside it is the steady state and each region starts with an empty gen0.
/// Each region includes Flush, so the ledger writer's work for its rows is inside it.
/// </summary>
internal static class FixedSteps
{
    private const int WarmUpStepsPerVariant = 20;
    private static readonly string[] VariantNames = { "untracked", "perrow", "summarize", "flops" };

    public static int RunSteps(string[] args)
    {
        if (args.Length != 2 || Array.IndexOf(VariantNames, args[0]) < 0 || !int.TryParse(args[1], out var steps) || steps < 0)
            return Usage();
        return WithWarmBench(bench =>
        {
            var loss = RunRegion(bench, args[0], steps, $"{args[0]} N={steps}");
            Console.WriteLine(FormattableString.Invariant($"{args[0]}: {steps} steps, last loss {loss:F4}, slowed Stopwatch reads {CountedRegion.ScaledReads}"));
        });
    }

    public static int RunRegions(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[0], out var n1) || !int.TryParse(args[1], out var n2)
            || !int.TryParse(args[2], out var repeats) || n1 < 0 || n2 <= n1 || repeats < 1)
            return Usage();
        return WithWarmBench(bench =>
        {
            var sample = SampleNowOfCurrentTracker();
            for (var i = 0; i < WarmUpStepsPerVariant; i++)
                sample();
            for (var rep = 1; rep <= repeats; rep++)
            {
                for (var k = 0; k < VariantNames.Length; k++)
                {
                    var variant = VariantNames[(k + rep - 1) % VariantNames.Length];
                    // Alternate which count comes first, so neither sits always right after the same neighbour.
                    var counts = rep % 2 == 1 ? new[] { n1, n2 } : new[] { n2, n1 };
                    foreach (var n in counts)
                        RunRegion(bench, variant, n, $"{variant} N={n} rep={rep}");
                }
                foreach (var n in rep % 2 == 1 ? new[] { n1, n2 } : new[] { n2, n1 })
                    RunRegion(sample, n, $"sample N={n} rep={rep}");
            }
            Console.WriteLine($"regions done; slowed Stopwatch reads {CountedRegion.ScaledReads}, slowed CarbonAttrs waits {CountedRegion.ScaledWaits}");
        });
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: steps untracked|perrow|summarize|flops N  |  regions N1 N2 REPEATS");
        return 2;
    }

    private static int WithWarmBench(Action<TrainingStepBenchmarks> body)
    {
        var bench = new TrainingStepBenchmarks { LedgerInFile = true };
        bench.Setup();
        try
        {
            for (var i = 0; i < WarmUpStepsPerVariant; i++)
            {
                bench.Untracked();
                bench.PerRow();
                bench.Summarized();
                bench.PerRowCountingFlops();
            }
            CarbonTracker.Flush();
            body(bench);
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static float RunRegion(TrainingStepBenchmarks bench, string variant, int steps, string label)
        => RunRegion(variant switch
        {
            "perrow" => bench.PerRow,
            "summarize" => bench.Summarized,
            "flops" => bench.PerRowCountingFlops,
            _ => bench.Untracked,
        }, steps, label);

    private static float RunRegion(Func<float> step, int steps, string label)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var loss = 0f;
        // Timing (for the record and the slow-down's calibration) stays outside the region but for one cheap
        // TickCount64 read; CPU time covers the flush too, and all threads.
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var wallStart = Environment.TickCount64; // real time: Stopwatch is the one the shim slows down
        CountedRegion.Start();
        for (var i = 0; i < steps; i++)
            loss = step();
        var wallMs = (double)(Environment.TickCount64 - wallStart);
        CarbonTracker.Flush(); // the rows of the counted steps are written before the region ends
        CountedRegion.Stop(label);
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds;
        Console.WriteLine(FormattableString.Invariant($"{label}: {wallMs / Math.Max(1, steps):F1} ms wall, {cpuMs / Math.Max(1, steps):F3} ms CPU per step"));
        Recalibrate(wallMs, steps, label);
        return loss;
    }

    // ICOUNT_NATIVE_STEP_MS (the script measures it natively): after each region of training steps, the shim's
    // slow-down becomes this region's wall time per step over the native one, so under callgrind a step lasts
    // as long on the slowed clocks as it does natively, whatever the machine's load.
    private static void Recalibrate(double wallMs, int steps, string label)
    {
        if (steps < 3 || label.StartsWith("sample", StringComparison.Ordinal)
            || !double.TryParse(Environment.GetEnvironmentVariable("ICOUNT_NATIVE_STEP_MS"), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var nativeMs) || nativeMs <= 0)
            return;
        var factor = wallMs / steps / nativeMs;
        if (factor > 1)
        {
            CountedRegion.SetSlowdown(factor);
            Console.WriteLine(FormattableString.Invariant($"  slow-down now {factor:F0}"));
        }
    }

    // The sampler is internal to CarbonAttrs (and this project is not a friend assembly): reached by reflection,
    // whose per-call cost (well under a microsecond) is counted with the sample.
    private static Func<float> SampleNowOfCurrentTracker()
    {
        const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic
            | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance;
        var runtimeType = typeof(CarbonTracker).Assembly.GetType("CarbonAttrs.TrackerRuntime", throwOnError: true)!;
        var runtime = runtimeType.GetMethod("CurrentOrNull", Any)!.Invoke(null, null)
            ?? throw new InvalidOperationException("the tracker is not running");
        var sampler = runtimeType.GetProperty("Sampler", Any)!.GetValue(runtime)
            ?? throw new InvalidOperationException("the tracker has no energy sampler");
        var sampleNow = sampler.GetType().GetMethod("SampleNow", Any)!;
        return () => { sampleNow.Invoke(sampler, null); return 0f; };
    }
}
