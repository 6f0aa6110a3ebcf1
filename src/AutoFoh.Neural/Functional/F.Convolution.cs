namespace AutoFoh.Neural;

public static partial class F
{
    /// <summary>torch.nn.functional.conv1d: x [B, Cin, L], weight [Cout, Cin, K], zero padding, stride.</summary>
    public static Tensor Conv1d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        if (x.Rank != 3 || weight.Rank != 3 || x.Shape[1] != weight.Shape[1])
            throw ShapeMismatchException.For("conv1d", x, weight, "must be [B, Cin, L] and [Cout, Cin, K] with equal Cin");
        var x4 = Reshape(x, x.Shape[0], x.Shape[1], 1, x.Shape[2]);
        var w4 = Reshape(weight, weight.Shape[0], weight.Shape[1], 1, weight.Shape[2]);
        var y = Conv2dCore(x4, w4, bias, 1, stride, 0, padding);
        return Reshape(y, y.Shape[0], y.Shape[1], y.Shape[3]);
    }

    /// <summary>torch.nn.functional.conv2d: x [B, Cin, H, W], weight [Cout, Cin, KH, KW], zero padding, stride.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride = 1, int padding = 0)
    {
        if (x.Rank != 4 || weight.Rank != 4 || x.Shape[1] != weight.Shape[1])
            throw ShapeMismatchException.For("conv2d", x, weight, "must be [B, Cin, H, W] and [Cout, Cin, KH, KW] with equal Cin");
        return Conv2dCore(x, weight, bias, stride, stride, padding, padding);
    }

    /// <summary>Convolution as im2col + matrix product (the unfolded patches are an op with its own gradient).</summary>
    private static Tensor Conv2dCore(Tensor x, Tensor weight, Tensor? bias, int strideH, int strideW, int padH, int padW)
    {
        int batch = x.Shape[0], cin = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int cout = weight.Shape[0], kh = weight.Shape[2], kw = weight.Shape[3];
        int oh = (h + 2 * padH - kh) / strideH + 1, ow = (w + 2 * padW - kw) / strideW + 1;
        if (oh <= 0 || ow <= 0) throw ShapeMismatchException.For("conv", x, weight, "leave no output positions (input smaller than the kernel)");
        var columns = Im2Col(x, kh, kw, strideH, strideW, padH, padW, oh, ow);          // [B, OH·OW, Cin·KH·KW]
        var w2 = Reshape(weight, cout, cin * kh * kw);                                 // [Cout, Cin·KH·KW]
        var y = Linear(columns, w2, bias);                                             // [B, OH·OW, Cout]
        return Reshape(Permute(y, 0, 2, 1), batch, cout, oh, ow);
    }

    private static Tensor Im2Col(Tensor x, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow)
    {
        int batch = x.Shape[0], cin = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int patch = cin * kh * kw;
        var map = new int[batch * oh * ow * patch];   // source offset, −1 for padding
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    int row = ((b * oh + i) * ow + j) * patch;
                    for (int c = 0; c < cin; c++)
                        for (int u = 0; u < kh; u++)
                            for (int v = 0; v < kw; v++)
                            {
                                int y = i * sh - ph + u, xx = j * sw - pw + v;
                                map[row + (c * kh + u) * kw + v] = y < 0 || y >= h || xx < 0 || xx >= w ? -1 : ((b * cin + c) * h + y) * w + xx;
                            }
                }
        var data = new float[map.Length];
        for (int k = 0; k < map.Length; k++) data[k] = map[k] < 0 ? 0 : x.Data[map[k]];
        return Tensor.Result(data, [batch, oh * ow, patch], [x], result => () =>
        {
            var g = result.Grad!.Data;
            var gx = new float[x.Size];
            for (int k = 0; k < map.Length; k++) if (map[k] >= 0) gx[map[k]] += g[k];
            x.AccumulateGrad(gx);
        });
    }
}
