namespace AutoFoh.Neural;

/// <summary>Tensor operations with gradients (torch and torch.nn.functional).</summary>
public static partial class F
{
    public static Tensor Add(Tensor a, Tensor b) => Binary("add", a, b, (x, y) => x + y, (x, y, g) => g, (x, y, g) => g);
    public static Tensor Sub(Tensor a, Tensor b) => Binary("sub", a, b, (x, y) => x - y, (x, y, g) => g, (x, y, g) => -g);
    public static Tensor Mul(Tensor a, Tensor b) => Binary("mul", a, b, (x, y) => x * y, (x, y, g) => g * y, (x, y, g) => g * x);
    public static Tensor Div(Tensor a, Tensor b) => Binary("div", a, b, (x, y) => x / y, (x, y, g) => g / y, (x, y, g) => -g * x / (y * y));

    public static Tensor Add(Tensor a, float b) => Unary(a, x => x + b, (x, y, g) => g);
    public static Tensor Mul(Tensor a, float b) => Unary(a, x => x * b, (x, y, g) => g * b);
    public static Tensor Neg(Tensor a) => Mul(a, -1f);
    public static Tensor Exp(Tensor a) => Unary(a, MathF.Exp, (x, y, g) => g * y);
    public static Tensor Log(Tensor a) => Unary(a, MathF.Log, (x, y, g) => g / x);
    public static Tensor Sqrt(Tensor a) => Unary(a, MathF.Sqrt, (x, y, g) => g * 0.5f / y);
    public static Tensor Square(Tensor a) => Unary(a, x => x * x, (x, y, g) => 2 * g * x);
    public static Tensor Abs(Tensor a) => Unary(a, MathF.Abs, (x, y, g) => x > 0 ? g : x < 0 ? -g : 0);
    public static Tensor Tanh(Tensor a) => Unary(a, MathF.Tanh, (x, y, g) => g * (1 - y * y));
    public static Tensor Sigmoid(Tensor a) => Unary(a, SigmoidValue, (x, y, g) => g * y * (1 - y));
    public static Tensor Relu(Tensor a) => Unary(a, x => x > 0 ? x : 0, (x, y, g) => x > 0 ? g : 0);

    /// <summary>GELU, exact erf form (torch's default): x·Φ(x).</summary>
    public static Tensor Gelu(Tensor a) => Unary(a, GeluValue, (x, y, g) => g * GeluDerivative(x));

    /// <summary>softplus(x) = log(1 + eˣ), computed stably; torch's threshold 20 above which it is x.</summary>
    public static Tensor Softplus(Tensor a) => Unary(a, SoftplusValue, (x, y, g) => x > 20 ? g : g * SigmoidValue(x));

    public static Tensor Clamp(Tensor a, float min, float max) =>
        Unary(a, x => Math.Clamp(x, min, max), (x, y, g) => x >= min && x <= max ? g : 0);

    public static float SigmoidValue(float x) => x >= 0 ? 1 / (1 + MathF.Exp(-x)) : MathF.Exp(x) / (1 + MathF.Exp(x));
    public static float SoftplusValue(float x) => x > 20 ? x : MathF.Log(1 + MathF.Exp(x));
    public static float GeluValue(float x) => (float)(0.5 * x * (1 + Erf(x / Math.Sqrt(2))));
    private static float GeluDerivative(float x) =>
        (float)(0.5 * (1 + Erf(x / Math.Sqrt(2))) + x * Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI));

    /// <summary>erf to double precision (W. J. Cody's rational approximations via the complementary function).</summary>
    public static double Erf(double x)
    {
        // Abramowitz-Stegun 7.1.26 is only 1e-7; use a high-precision series/continued fraction instead.
        double ax = Math.Abs(x);
        double result;
        if (ax < 2.5)
        {
            // Maclaurin series: erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)).
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 60; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // Continued fraction for erfc, converges fast for x ≥ 2.5.
            double f = 0;
            for (int n = 60; n >= 1; n--) f = n / 2.0 / (ax + f);
            result = 1 - Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -result : result;
    }

    private static Tensor Unary(Tensor a, Func<float, float> forward, Func<float, float, float, float> backward)
    {
        var x = a.Data;
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = forward(x[i]);
        return Tensor.Result(y, a.Shape, [a], result => () =>
        {
            var g = result.Grad!.Data;
            var ga = new float[x.Length];
            for (int i = 0; i < ga.Length; i++) ga[i] = backward(x[i], y[i], g[i]);
            a.AccumulateGrad(ga);
        });
    }

    private static Tensor Binary(string op, Tensor a, Tensor b, Func<float, float, float> forward,
        Func<float, float, float, float> gradA, Func<float, float, float, float> gradB)
    {
        var plan = Broadcast.Plan(op, a, b);
        var xa = a.Data;
        var xb = b.Data;
        int size = Tensor.Count(plan.Shape);
        var y = new float[size];
        var ia = plan.IndexA;
        var ib = plan.IndexB;
        for (int o = 0; o < size; o++) y[o] = forward(xa[ia?[o] ?? o], xb[ib?[o] ?? o]);
        return Tensor.Result(y, plan.Shape, [a, b], result => () =>
        {
            var g = result.Grad!.Data;
            if (a.RequiresGrad)
            {
                var ga = new float[xa.Length];
                for (int o = 0; o < size; o++) ga[ia?[o] ?? o] += gradA(xa[ia?[o] ?? o], xb[ib?[o] ?? o], g[o]);
                a.AccumulateGrad(ga);
            }
            if (b.RequiresGrad)
            {
                var gb = new float[xb.Length];
                for (int o = 0; o < size; o++) gb[ib?[o] ?? o] += gradB(xa[ia?[o] ?? o], xb[ib?[o] ?? o], g[o]);
                b.AccumulateGrad(gb);
            }
        });
    }
}
