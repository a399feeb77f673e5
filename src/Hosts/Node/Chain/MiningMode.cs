namespace Ballast.Node.Chain;

/// <summary>When the node makes blocks.</summary>
public enum MiningMode
{
    /// <summary>A block as soon as transactions wait (all that wait go into it: one commit for many submitters).</summary>
    Automine,
    /// <summary>A block every interval, empty or not (12 s by default, as Bittensor).</summary>
    Interval,
    /// <summary>Only when a development control asks (<c>POST /dev/mine</c>).</summary>
    Manual,
}
