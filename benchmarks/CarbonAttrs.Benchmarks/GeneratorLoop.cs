using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// `generator-loop SOURCES_DIR REFS DLL[|DLL...] RUNS BOUND [VARIANTS]`: the generator's time per run on a real project's
/// sources, several builds interleaved run by run (each run a fresh compilation; BOUND=1 binds its references first, as
/// the generator's first semantic question otherwise does). VARIANTS ("none|X_A|X_A,X_B") sets those environment variables
/// before each run, for a scratch build of the generator that reads them to switch steps off (docs/benchmarks.md,
/// session 10). TRACK=1 also prints per-step medians (step tracking makes the totals meaningless). Medians and quartiles.
/// </summary>
internal static class GeneratorLoop
{
    public static int Run(string[] args)
    {
        var (_, _, fresh) = GeneratorShare.Project(args[0], args[1]);
        var gens = args[2].Split('|').Select(GeneratorShare.Load).ToArray();
        var n = int.Parse(args[3]);
        var bound = args[4] == "1";
        var variants = (args.Length > 5 ? args[5] : "none").Split('|');
        var all = variants.SelectMany(v => Enumerable.Range(0, gens.Length).Select(g => (v, g))).ToArray();
        var times = all.ToDictionary(k => k, _ => new List<double>());
        var allocated = all.ToDictionary(k => k, _ => new List<double>());
        var track = Environment.GetEnvironmentVariable("TRACK") is not null;
        var steps = new Dictionary<string, List<double>>();
        for (var i = 0; i < n; i++)
        {
            foreach (var (v, g) in all)
            {
                foreach (var name in variants.SelectMany(x => x.Split(',')).Distinct())
                    Environment.SetEnvironmentVariable(name, null);
                foreach (var name in v.Split(','))
                    if (name != "none") Environment.SetEnvironmentVariable(name, "1");
                var c = fresh();
                if (bound) _ = c.Assembly.GlobalNamespace;
                GeneratorDriver d = CSharpGeneratorDriver.Create(new[] { gens[g] }, parseOptions: GeneratorShare.ParseOptions,
                    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));
                var before = GC.GetTotalAllocatedBytes(precise: true);
                d = d.RunGenerators(c);
                allocated[(v, g)].Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0);
                times[(v, g)].Add(d.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                if (track)
                    foreach (var step in d.GetRunResult().Results.Single().TrackedSteps)
                    {
                        var key = v + "/" + g + "/" + step.Key;
                        if (!steps.TryGetValue(key, out var list)) steps[key] = list = new List<double>();
                        list.Add(step.Value.Sum(x => x.ElapsedTime.TotalMilliseconds));
                    }
            }
        }
        foreach (var k in all)
        {
            var t = times[k]; t.Sort();
            var a = allocated[k]; a.Sort();
            Console.WriteLine(FormattableString.Invariant(
                $"{k.v,-40} gen{k.g}: median {t[t.Count / 2]:F2} ms, p25 {t[t.Count / 4]:F2}, p75 {t[t.Count * 3 / 4]:F2}; allocated {a[a.Count / 2]:F1} MB (all threads)"));
        }
        foreach (var (key, list) in steps.OrderByDescending(kv => kv.Value.Sum()).Take(25))
        {
            list.Sort();
            Console.WriteLine(FormattableString.Invariant($"  {key,-50} median {list[list.Count / 2]:F2} ms, mean {list.Average():F2}"));
        }
        return 0;
    }
}
