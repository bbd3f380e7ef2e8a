using System.Text;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// A synthetic consumer project at scale: 1,000 files, 500 [TrackEmissions] methods (one in five
/// Summarize), 2,000 call sites of them, plus ordinary code around them so the compiler has real work.
/// Files: 500 models (one tracked method each), 400 callers (five call sites each), 100 utilities
/// (no tracked method, no call site: the "unrelated file" an edit touches).
/// </summary>
internal static class SyntheticProject
{
    public const int ModelFiles = 500;
    public const int CallerFiles = 400;
    public const int CallsPerCaller = 5;
    public const int UtilityFiles = 100;
    public const string UnrelatedFile = "Util/Util0.cs";

    /// <summary>Path (relative, '/'-separated) and text of every file.</summary>
    public static IEnumerable<(string Path, string Text)> Sources()
    {
        for (var i = 0; i < ModelFiles; i++)
            yield return ($"Models/Model{i}.cs", Model(i));
        for (var j = 0; j < CallerFiles; j++)
            yield return ($"Callers/Caller{j}.cs", Caller(j));
        for (var k = 0; k < UtilityFiles; k++)
            yield return ($"Util/Util{k}.cs", Utility(k));
    }

    /// <summary>The unrelated file after an edit: one more method, nothing tracked.</summary>
    public static string EditedUnrelatedFile() => Utility(0).Replace("    public static int Edited() => 0;", "    public static int Edited() => 42; // edited\n    public static int Added(int x) => x * 3;");

    private static string Model(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using CarbonAttrs;

        namespace Synthetic.Models;

        public sealed class Model{{i}}
        {
            private readonly double[] _weights = new double[{{16 + i % 32}}];

            [TrackEmissions(Experiment = "synthetic"{{(i % 5 == 0 ? ", Summarize = true" : "")}})]
            public double Train{{i}}(int epochs, double learningRate)
            {
                var loss = 0.0;
                for (var epoch = 0; epoch < epochs; epoch++)
                    loss = Step(learningRate / (epoch + 1));
                return loss;
            }

            private double Step(double rate)
            {
                for (var w = 0; w < _weights.Length; w++)
                    _weights[w] -= rate * Gradient(w);
                return _weights.Select(x => x * x).Sum();
            }

            private double Gradient(int w) => Math.Sin(w + {{i}}) * 0.5 + _weights[w];

            public IReadOnlyList<string> Describe() => _weights.Select((x, n) => $"w{n}={x:F3}").Where(s => s.Length > 0).ToList();
        }
        """;

    private static string Caller(int j)
    {
        var sb = new StringBuilder();
        sb.Append($$"""
            using System;
            using System.Linq;
            using Synthetic.Models;

            namespace Synthetic.Callers;

            public static class Caller{{j}}
            {
                public static double Run(int epochs)
                {
                    var total = 0.0;

            """);
        for (var c = 0; c < CallsPerCaller; c++)
        {
            var model = (j * CallsPerCaller + c) % ModelFiles;
            sb.Append($"        total += new Model{model}().Train{model}(epochs, 0.0{c + 1});\n");
        }
        sb.Append($$"""
                    return total + Helper(epochs);
                }

                private static double Helper(int n) => Enumerable.Range(0, n).Select(x => Math.Sqrt(x + {{j}})).Where(x => x > 1).DefaultIfEmpty().Average();
            }

            """);
        return sb.ToString();
    }

    private static string Utility(int k) => $$"""
        using System;
        using System.Collections.Generic;

        namespace Synthetic.Util;

        public static class Util{{k}}
        {
            public static int Edited() => 0;

            public static Dictionary<string, int> Count(IEnumerable<string> words)
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var word in words)
                    counts[word] = counts.TryGetValue(word, out var n) ? n + 1 : 1;
                return counts;
            }

            public static string Pad{{k}}(string s, int width) => s.Length >= width ? s : s + new string(' ', width - s.Length);
        }
        """;

    /// <summary>`write-synthetic DIR CARBONATTRS_DLL GENERATOR_DLL [ANALYZER_DLL]`: the project twice, with and without CarbonAttrs' compile-time parts.</summary>
    public static int Write(string[] args)
    {
        var root = Path.GetFullPath(args[0]);
        var runtime = Path.GetFullPath(args[1]);
        var components = args.Skip(2).Select(Path.GetFullPath).ToArray();
        foreach (var (path, text) in Sources())
        {
            var full = Path.Combine(root, "src", path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        WriteProject(Path.Combine(root, "without", "Synthetic.csproj"), runtime, Array.Empty<string>());
        WriteProject(Path.Combine(root, "with", "Synthetic.csproj"), runtime, components);
        Console.WriteLine($"wrote {ModelFiles + CallerFiles + UtilityFiles} files under {root}/src and projects {root}/with, {root}/without");
        return 0;
    }

    private static void WriteProject(string path, string runtime, string[] analyzers)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var analyzerItems = string.Concat(analyzers.Select(a => $"    <Analyzer Include=\"{a}\" />\n"));
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
                <InterceptorsNamespaces>$(InterceptorsNamespaces);CarbonAttrs.Generated</InterceptorsNamespaces>
              </PropertyGroup>
              <ItemGroup>
                <CompilerVisibleProperty Include="InterceptorsNamespaces" />
                <Compile Include="../src/**/*.cs" />
                <Reference Include="CarbonAttrs" HintPath="{runtime}" />
            {analyzerItems}  </ItemGroup>
            </Project>
            """);
    }
}
