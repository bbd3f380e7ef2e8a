namespace CarbonAttrs.TorchSharp.Tests;

internal static class RankWorker
{
    public const string Verb = "rank-worker";
    public static int Run(string[] args) => 0;
}
