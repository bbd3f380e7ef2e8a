using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CarbonAttrs.Benchmarks.TorchSharp;

// `dotnet run -c Release`: in-process runs; a step takes milliseconds, so 15 iterations stay short while
// averaging out a shared machine's noise. Figures are ratios to the untracked step.
if (args.FirstOrDefault() == "interleaved")
    return InterleavedSteps.Run(args.Skip(1).ToArray());
if (args.FirstOrDefault() == "hook-cost")
    return HookCost.Run(args.Skip(1).ToArray());
if (args.FirstOrDefault() == "steps")
    return FixedSteps.RunSteps(args.Skip(1).ToArray());
if (args.FirstOrDefault() == "regions")
    return FixedSteps.RunRegions(args.Skip(1).ToArray());
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(15).WithLaunchCount(1)
        .WithToolchain(InProcessEmitToolchain.Instance).WithId("15-iterations-inprocess"))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
// `dotnet run -c Release -- facts`: the cost of recording model and optimizer facts (docs/benchmarks.md).
if (args.FirstOrDefault() == "facts")
    BenchmarkRunner.Run<ArgumentFactsBenchmarks>(config, args.Skip(1).ToArray());
else
    BenchmarkRunner.Run<TrainingStepBenchmarks>(config, args);
return 0;
