using System.Globalization;
using System.Text;
using System.Xml;

namespace AutoFoh.Cli.Output;

/// <summary>
/// A small SVG line chart (no dependencies): several series of (x, y) points on shared axes, with ticks,
/// axis labels, a legend and optional horizontal reference bands. Written to a temp file and renamed.
/// </summary>
public sealed class SvgLinePlot
{
    private readonly List<(string Label, string Colour, double Opacity, IReadOnlyList<(double X, double Y)> Points)> _series = [];
    private readonly List<(string Label, string Colour)> _legend = [];
    private readonly List<(double From, double To, string Colour)> _bands = [];

    public required string Title { get; init; }
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public int WidthPx { get; init; } = 900;
    public int HeightPx { get; init; } = 520;
    public (double Min, double Max)? YRange { get; init; }

    /// <summary>Adds a line; series sharing a legend label (e.g. every episode of one policy) get one legend entry.</summary>
    public void AddSeries(string label, string colour, IReadOnlyList<(double X, double Y)> points, double opacity = 1, string? legend = null)
    {
        _series.Add((label, colour, opacity, points));
        legend ??= label;
        if (!_legend.Any(l => l.Label == legend)) _legend.Add((legend, colour));
    }

    /// <summary>A shaded horizontal band, e.g. the ±3 dB target zone.</summary>
    public void AddBand(double fromY, double toY, string colour) => _bands.Add((fromY, toY, colour));

    public void Save(string path)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, Render());
        File.Move(temp, path, overwrite: true);
    }

    public string Render()
    {
        const int left = 70, right = 170, top = 40, bottom = 55;
        double plotW = WidthPx - left - right, plotH = HeightPx - top - bottom;
        var all = _series.SelectMany(s => s.Points).ToList();
        double xMin = all.Count == 0 ? 0 : all.Min(p => p.X), xMax = all.Count == 0 ? 1 : all.Max(p => p.X);
        double yMin = YRange?.Min ?? (all.Count == 0 ? 0 : all.Min(p => p.Y)), yMax = YRange?.Max ?? (all.Count == 0 ? 1 : all.Max(p => p.Y));
        if (xMax <= xMin) xMax = xMin + 1;
        if (yMax <= yMin) yMax = yMin + 1;
        double X(double x) => left + (x - xMin) / (xMax - xMin) * plotW;
        double Y(double y) => top + (1 - (Math.Clamp(y, yMin, yMax) - yMin) / (yMax - yMin)) * plotH;
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WidthPx}\" height=\"{HeightPx}\" viewBox=\"0 0 {WidthPx} {HeightPx}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append($"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append($"<text x=\"{WidthPx / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(Title)}</text>\n");
        foreach (var (from, to, colour) in _bands)
            svg.Append($"<rect x=\"{F(left)}\" y=\"{F(Y(to))}\" width=\"{F(plotW)}\" height=\"{F(Y(from) - Y(to))}\" fill=\"{colour}\" opacity=\"0.25\"/>\n");
        foreach (double tick in Ticks(yMin, yMax))
        {
            svg.Append($"<line x1=\"{left}\" x2=\"{F(left + plotW)}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\" stroke=\"#ddd\"/>\n");
            svg.Append($"<text x=\"{left - 6}\" y=\"{F(Y(tick) + 4)}\" text-anchor=\"end\">{F(tick)}</text>\n");
        }
        foreach (double tick in Ticks(xMin, xMax))
            svg.Append($"<text x=\"{F(X(tick))}\" y=\"{F(top + plotH + 18)}\" text-anchor=\"middle\">{F(tick)}</text>\n");
        svg.Append($"<rect x=\"{left}\" y=\"{top}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\" fill=\"none\" stroke=\"#444\"/>\n");
        svg.Append($"<text x=\"{F(left + plotW / 2)}\" y=\"{HeightPx - 12}\" text-anchor=\"middle\">{Escape(XLabel)}</text>\n");
        svg.Append($"<text transform=\"translate(18 {F(top + plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{Escape(YLabel)}</text>\n");
        foreach (var (label, colour, opacity, points) in _series)
        {
            if (points.Count == 0) continue;
            var path = string.Join(" ", points.Select((p, k) => $"{(k == 0 ? 'M' : 'L')}{F(X(p.X))},{F(Y(p.Y))}"));
            svg.Append($"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.2\" opacity=\"{F(opacity)}\"><title>{Escape(label)}</title></path>\n");
        }
        int legendY = top;
        foreach (var (label, colour) in _legend)
        {
            svg.Append($"<line x1=\"{F(left + plotW + 12)}\" x2=\"{F(left + plotW + 32)}\" y1=\"{legendY + 6}\" y2=\"{legendY + 6}\" stroke=\"{colour}\" stroke-width=\"3\"/>\n");
            svg.Append($"<text x=\"{F(left + plotW + 38)}\" y=\"{legendY + 10}\">{Escape(label)}</text>\n");
            legendY += 18;
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static IEnumerable<double> Ticks(double min, double max)
    {
        double span = max - min, raw = span / 6, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        for (double v = Math.Ceiling(min / step) * step; v <= max + 1e-9; v += step) yield return Math.Round(v, 10);
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Fragment })) writer.WriteString(text);
        return builder.ToString();
    }
}
