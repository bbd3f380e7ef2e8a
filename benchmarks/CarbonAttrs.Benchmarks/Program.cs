using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using CarbonAttrs.Benchmarks;

// `dotnet run -c Release -- <mode>`: BenchmarkDotNet suites by filter, or one of the one-shot measurements.
switch (args.FirstOrDefault())
{
    case "perrow-backlog":
        return PerRowBacklog.Run(args.Skip(1).ToArray());
    case "sampler":
        return SamplerCost.Run(args.Skip(1).ToArray());
    case "scale":
        return CompilerScale.Run(args.Skip(1).ToArray());
    case "generator-share":
        return GeneratorShare.Run(args.Skip(1).ToArray());
    case "generator-marginal":
        return GeneratorMarginal.Run(args.Skip(1).ToArray());
    case "generator-loop":
        return GeneratorLoop.Run(args.Skip(1).ToArray());
    case "generator-output":
        return GeneratorOutput.Run(args.Skip(1).ToArray());
    case "write-synthetic":
        return SyntheticProject.Write(args.Skip(1).ToArray());
    default:
        BenchmarkSwitcher.FromAssembly(typeof(TrackedCallBenchmarks).Assembly).Run(args, BenchConfig.Create());
        return 0;
}
