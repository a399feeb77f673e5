using Ballast.Core.Blocks;

namespace Ballast.Insurance;

public static class InsuranceErrors
{
    public static readonly ErrorCode TopUpNotTriggered = new("TopUpNotTriggered");
    public static readonly ErrorCode TopUpAboveLimit = new("TopUpAboveLimit");
}
