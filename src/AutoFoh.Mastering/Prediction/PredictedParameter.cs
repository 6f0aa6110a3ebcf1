namespace AutoFoh.Mastering.Prediction;

/// <summary>How a parameter's real range maps onto the unit interval the network's sigmoid produces.</summary>
public enum ParameterScale
{
    Linear,
    /// <summary>Geometric: equal steps of the unit interval are equal ratios (frequencies).</summary>
    Log,
}

/// <summary>One predicted strip parameter: its name (snake_case with its unit), range and scale.</summary>
public sealed record PredictedParameter(string Name, double Min, double Max, ParameterScale Scale = ParameterScale.Linear)
{
    /// <summary>The real value at position <paramref name="unit"/> of the range (0 → Min, 1 → Max).</summary>
    public double FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        return Scale == ParameterScale.Log ? Min * Math.Pow(Max / Min, unit) : Min + (Max - Min) * unit;
    }

    /// <summary>Position of <paramref name="value"/> in the range, clamped to 0..1: the normalised training target.</summary>
    public double ToUnit(double value)
    {
        double unit = Scale == ParameterScale.Log ? Math.Log(value / Min) / Math.Log(Max / Min) : (value - Min) / (Max - Min);
        return double.IsNaN(unit) ? 0 : Math.Clamp(unit, 0, 1);
    }
}
