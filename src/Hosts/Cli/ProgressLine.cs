namespace Ballast.Cli;

/// <summary>A one-line progress display on a terminal's standard error, redrawn at most every 1% of the work.</summary>
internal sealed class ProgressLine(TextWriter stderr)
{
    private long _lastPercent = -1;

    public void Report(long done, long total)
    {
        if (total <= 0) return;
        long percent = done * 100 / total;
        if (percent == _lastPercent) return;
        _lastPercent = percent;
        stderr.Write($"\r  {done:N0} / {total:N0} blocks ({percent}%)   ");
    }

    public void Clear()
    {
        if (_lastPercent >= 0) stderr.Write("\r" + new string(' ', 60) + "\r");
    }
}
