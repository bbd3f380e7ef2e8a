namespace CarbonAttrs.Generators.Diagnostics;

/// <summary>The generator's diagnostic IDs (CARB100–CARB199), declared once. An ID is never reused.</summary>
internal static class DiagnosticIds
{
    public const string InterceptorsNotEnabled = "CARB100";
    public const string CannotWrapMethod = "CARB101";
    public const string TrackedMethodAsDelegate = "CARB102";
    public const string PartialWithoutCore = "CARB103";
    public const string LanguageVersionTooOld = "CARB104";
    public const string LocalFunctionNotMeasured = "CARB106";
}
