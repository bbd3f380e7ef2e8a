// Trains a small MLP on synthetic data for a bounded hyperparameter sweep, and reports what each
// configuration cost: time, energy, CO2eq, and where each figure comes from. Rows go to emissions.csv.
//
//   dotnet run -c Release --project samples/CarbonAttrs.Samples.TorchSharp [-- --epochs 6 --train-samples 24000]
using System.Diagnostics;
using CarbonAttrs;
using CarbonAttrs.Samples.TorchSharp;
using CarbonAttrs.TorchSharp;
using Spectre.Console;
using static TorchSharp.torch;

var settings = SampleSettings.Parse(args);
if (settings is null)
    return 2;

// On CUDA, windows wait for the GPU at their edges so queued kernels are billed to the right window; on CPU this is free.
CarbonTorch.Enable();
var device = cuda.is_available() ? CUDA : CPU;

var measured = new List<CarbonMeasurement>();
CarbonTracker.Measured += m => { lock (measured) measured.Add(m); };

var console = SampleConsole.Create();
console.WriteLine($"CarbonAttrs TorchSharp sample: MLP on synthetic data, {Sweep.LearningRates.Length * Sweep.HiddenUnits.Length} configurations, " +
                  $"{settings.Epochs} epochs each, {settings.TrainSamples} training samples, device {device.type.ToString().ToLowerInvariant()}, {get_num_threads()} threads.");
var clock = Stopwatch.StartNew();
using var data = SyntheticData.Create(settings.TrainSamples, settings.ValidSamples, device);
var results = TrainingProgress.Run(console, Sweep.LearningRates.Length * Sweep.HiddenUnits.Length,
    progress => Sweep.Run(new MlpTrainer(data, device, progress), settings.Epochs, measured, progress));
CarbonTracker.Flush();
clock.Stop();

ResultTable.Print(results, measured.Find(m => m.Name == Sweep.Name), console);
console.WriteLine();
console.WriteLine($"Ledger: {CarbonTracker.LedgerPath ?? "(no row written)"}   wall time {clock.Elapsed.TotalSeconds:F1} s");
return 0;
