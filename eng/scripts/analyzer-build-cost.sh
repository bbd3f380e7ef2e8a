#!/usr/bin/env bash
# Measures the CarbonAttrs analyzers' share of build time (-p:ReportAnalyzer=true) on a synthetic
# TorchSharp project: N generated files, each with a training run, a sweep, an evaluation method and a
# per-step loop, so every rule has work. Usage: eng/scripts/analyzer-build-cost.sh [files=300] [workdir]
set -euo pipefail
files="${1:-300}"
work="${2:-$(mktemp -d)}"
root="$(cd "$(dirname "$0")/../.." && pwd)"

dotnet build "$root/src/CarbonAttrs.Analyzers/CarbonAttrs.Analyzers.csproj" -c Release -v:q -nologo >/dev/null
dotnet build "$root/src/CarbonAttrs/CarbonAttrs.csproj" -c Release -f net8.0 -v:q -nologo >/dev/null

mkdir -p "$work/src"
cat > "$work/Synthetic.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="TorchSharp" Version="0.107.0" ExcludeAssets="runtime;native" />
    <Reference Include="$root/src/CarbonAttrs/bin/Release/net8.0/CarbonAttrs.dll" />
    <Analyzer Include="$root/src/CarbonAttrs.Analyzers/bin/Release/netstandard2.0/CarbonAttrs.Analyzers.dll" Condition="'\$(CarbonAttrsAnalyzers)' != 'false'" />
  </ItemGroup>
</Project>
PROJ
# Keep the synthetic project away from the repository's Directory.*.props.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Packages.props"

for i in $(seq 1 "$files"); do
cat > "$work/src/Experiment$i.cs" <<CS
using CarbonAttrs;
using TorchSharp;
using static TorchSharp.torch;

namespace Synthetic;

public static class Experiment$i
{
    private static readonly double[] Rates = { 1e-2, 1e-3, 1e-4 };

    public static float TrainRun(double lr, int batchSize)
    {
        var model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 1));
        var optimizer = optim.Adam(model.parameters(), lr);
        var last = 0f;
        for (int epoch = 0; epoch < 5; epoch++)
        {
            model.train();
            for (int batch = 0; batch < 100; batch++)
            {
                var x = rand(batchSize, 32);
                var loss = model.forward(x).pow(2).mean();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                last = loss.item<float>();
            }

            last += Evaluate(model, rand(batchSize, 32));
        }

        return last;
    }

    public static float Evaluate(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        model.eval();
        var total = 0f;
        for (int i = 0; i < 4; i++)
        {
            total += model.forward(x).mean().ToSingle();
        }

        return total;
    }

    public static void Sweep()
    {
        foreach (var lr in Rates)
            foreach (var batchSize in new[] { 16, 32, 64, 128 })
                for (int seed = 0; seed < 10; seed++)
                    TrainRun(lr, batchSize + seed);
    }

    public static void UntilGood()
    {
        var model = nn.Linear(32, 1);
        var optimizer = optim.SGD(model.parameters(), 0.1);
        while (true)
        {
            var loss = model.forward(rand(8, 32, dtype: torch.float64)).pow(2).mean();
            loss.backward();
            optimizer.step();
            if (loss.ToSingle() < 0.01f) break;
        }
    }
}
CS
done

cd "$work"
dotnet restore -v:q -nologo >/dev/null
dotnet build --no-restore -v:q -nologo >/dev/null 2>&1   # warm-up: first build pays JIT and restore costs

# Csc task time with and without the analyzers, alternating to spread the noise of a shared machine.
csc_time() { dotnet build --no-restore --no-incremental -nologo -v:q -clp:PerformanceSummary "$@" 2>&1 | grep -E "^ +[0-9]+ ms +Csc " | awk '{print $1}'; }
best_with=999999; best_without=999999
for round in 1 2 3 4; do
  with=$(csc_time); without=$(csc_time -p:CarbonAttrsAnalyzers=false)
  echo "round $round: Csc with analyzers ${with} ms, without ${without} ms"
  (( with < best_with )) && best_with=$with
  (( without < best_without )) && best_without=$without
done
echo "best of 4: Csc with analyzers ${best_with} ms, without ${best_without} ms, difference $((best_with - best_without)) ms"

dotnet build --no-restore --no-incremental -nologo -v:d -p:ReportAnalyzer=true > build.log 2>&1
lines=$(cat src/*.cs | wc -l)
echo "files=$files lines=$lines workdir=$work"
sed -n '/Total analyzer execution time/,/Total generator execution time/p' build.log | grep -E "Total|Time \(s\)|CarbonAttrs|NetAnalyzers," | sed 's/^ *//'
grep -cE "warning CARB0" build.log | sed 's/^/CARB warnings in log: /'
