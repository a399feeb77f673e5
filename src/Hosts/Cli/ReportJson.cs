using System.Text.Json;
using Ballast.Core.Modules;
using Ballast.Core.Serialization;

namespace Ballast.Cli;

/// <summary>JSON options for reports: the shared Ballast format, writing only.</summary>
internal static class ReportJson
{
    public static readonly JsonSerializerOptions Options = BallastJson.Options(new TransactionCatalog());
}
