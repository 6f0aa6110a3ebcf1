namespace AutoFoh.Simulation.Rooms;

/// <summary>A position in a room, in metres.</summary>
public readonly record struct Point3(double X, double Y, double Z)
{
    public double DistanceTo(Point3 other)
    {
        double dx = X - other.X, dy = Y - other.Y, dz = Z - other.Z;
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    public override string ToString() => $"({X:0.##}, {Y:0.##}, {Z:0.##}) m";
}
