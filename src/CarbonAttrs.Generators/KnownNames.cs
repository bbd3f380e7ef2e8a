namespace CarbonAttrs.Generators;

/// <summary>Names the generator recognises and emits.</summary>
internal static class KnownNames
{
    public const string TrackEmissionsAttribute = "CarbonAttrs.TrackEmissionsAttribute";
    public const string GeneratedNamespace = "CarbonAttrs.Generated";
    public const string InterceptorsNamespacesProperty = "build_property.InterceptorsNamespaces";
    public const string InterceptorsPreviewNamespacesProperty = "build_property.InterceptorsPreviewNamespaces";
    public const string InterceptorsNamespacesFeature = "InterceptorsNamespaces";
    public const string InterceptorsPreviewNamespacesFeature = "InterceptorsPreviewNamespaces";
    public const string UnsafeAccessorAttribute = "System.Runtime.CompilerServices.UnsafeAccessorAttribute";
    public const string UnsafeAccessorTypeAttribute = "System.Runtime.CompilerServices.UnsafeAccessorTypeAttribute";
    public const string InventoryKey = "CarbonAttrs.TrackedMethod";
    public const string SweepInventoryKey = "CarbonAttrs.Sweep";
}
