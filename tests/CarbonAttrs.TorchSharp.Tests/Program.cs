namespace CarbonAttrs.TorchSharp.Tests;

/// <summary>
/// The test assembly's entry point. The test host never calls it; the multi-process test runs
/// <c>dotnet CarbonAttrs.TorchSharp.Tests.dll rank-worker ...</c> to get real, separate processes.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
        => args.Length > 0 && args[0] == RankWorker.Verb ? RankWorker.Run(args) : 0;
}
